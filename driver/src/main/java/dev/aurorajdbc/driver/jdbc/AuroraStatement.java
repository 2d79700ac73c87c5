package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A statement of an {@link AuroraConnection}: a thin wrapper around the native statement, HikariCP-style. Every
 * method is the native call in a try/catch whose SQLException goes through the connection's funnel exactly once;
 * the ones with nothing more to do are generated, into {@code GeneratedAuroraStatement} (and again, beside the
 * prepared and callable statements' own, into their generated classes). The {@code execute*} methods also note in
 * the {@link SessionState} that a statement ran (for {@link SessionState#inTransaction()}); result sets come back
 * wrapped, the same wrapper for the same native result set; {@link #getConnection()} returns the logical connection.
 *
 * <p>The statement belongs to the native connection it was created on: when failover replaces that connection, the
 * statement is closed, and the application creates a new one.
 */
@GenerateDelegation(values = Values.class, resultSet = "resultSet")
public abstract class AuroraStatement implements Statement {

    private static final Logger LOG = Logger.getLogger(AuroraStatement.class.getName());

    final AuroraConnection connection;
    final Statement delegate;
    final SessionState state;
    /** The wrapper of the last result set handed out, reused while the native hands out the same one. */
    private AuroraResultSet lastResultSet;
    private boolean closeOnCompletion;

    AuroraStatement(AuroraConnection connection, Statement delegate) {
        this.connection = connection;
        this.delegate = delegate;
        this.state = connection.sessionState();
    }

    /**
     * {@inheritDoc}
     *
     * <p>The logical connection, never the native one (the native call only checks that the statement is open).
     */
    @Override
    public Connection getConnection() throws SQLException {
        try {
            delegate.getConnection();
        } catch (SQLException e) {
            throw fail(e);
        }
        return connection;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The native statement closes its result sets, and their wrappers follow it.
     */
    @Override
    public void close() throws SQLException {
        connection.untrack(this);
        lastResultSet = null;
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void closeOnCompletion() throws SQLException {
        try {
            delegate.closeOnCompletion();
        } catch (SQLException e) {
            throw fail(e);
        }
        closeOnCompletion = true;
    }

    /**
     * {@inheritDoc}
     *
     * <p>This statement itself first, then the native statement and what it wraps.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == null) {
            throw new SQLException("unwrap: the interface is null", dev.aurorajdbc.driver.SqlStates.INVALID_PARAMETER_VALUE);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface == null) {
            return false;
        }
        if (iface.isInstance(this) || iface.isInstance(delegate)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    /** Names the hand-written class (AuroraPreparedStatement, ...), not the generated one under it. */
    @Override
    public String toString() {
        return getClass().getSuperclass().getSimpleName() + " wrapping " + delegate;
    }

    // ---- executing: noted in the session state; a null SQL text is 22023 before the native call ----

    @Override
    public ResultSet executeQuery(String sql) throws SQLException {
        state.executing();
        try {
            return resultSet(delegate.executeQuery(Arguments.required(sql, "sql")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql) throws SQLException {
        state.executing();
        try {
            return delegate.executeUpdate(Arguments.required(sql, "sql"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql) throws SQLException {
        state.executing();
        try {
            return delegate.execute(Arguments.required(sql, "sql"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void addBatch(String sql) throws SQLException {
        try {
            delegate.addBatch(Arguments.required(sql, "sql"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int[] executeBatch() throws SQLException {
        state.executing();
        try {
            return delegate.executeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        state.executing();
        try {
            return delegate.executeUpdate(Arguments.required(sql, "sql"), autoGeneratedKeys);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
        state.executing();
        try {
            return delegate.executeUpdate(Arguments.required(sql, "sql"), columnIndexes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate(String sql, String[] columnNames) throws SQLException {
        state.executing();
        try {
            return delegate.executeUpdate(Arguments.required(sql, "sql"), columnNames);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
        state.executing();
        try {
            return delegate.execute(Arguments.required(sql, "sql"), autoGeneratedKeys);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql, int[] columnIndexes) throws SQLException {
        state.executing();
        try {
            return delegate.execute(Arguments.required(sql, "sql"), columnIndexes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute(String sql, String[] columnNames) throws SQLException {
        state.executing();
        try {
            return delegate.execute(Arguments.required(sql, "sql"), columnNames);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long[] executeLargeBatch() throws SQLException {
        state.executing();
        try {
            return delegate.executeLargeBatch();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql) throws SQLException {
        state.executing();
        try {
            return delegate.executeLargeUpdate(Arguments.required(sql, "sql"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
        state.executing();
        try {
            return delegate.executeLargeUpdate(Arguments.required(sql, "sql"), autoGeneratedKeys);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
        state.executing();
        try {
            return delegate.executeLargeUpdate(Arguments.required(sql, "sql"), columnIndexes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
        state.executing();
        try {
            return delegate.executeLargeUpdate(Arguments.required(sql, "sql"), columnNames);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    /** The connection's exception funnel. */
    final SQLException fail(SQLException e) {
        return connection.fail(e);
    }

    /** Wraps a native result set of this statement; the same wrapper while the native hands out the same one. */
    final ResultSet resultSet(ResultSet rs) {
        if (rs == null) {
            return null;
        }
        AuroraResultSet w = lastResultSet;
        if (w == null || w.delegate != rs) {
            w = new GeneratedAuroraResultSet(connection, this, rs);
            lastResultSet = w;
        }
        return w;
    }

    /** One of this statement's result sets was closed: with closeOnCompletion, the native may have closed itself. */
    final void resultSetClosed() {
        if (!closeOnCompletion) {
            return;
        }
        try {
            if (delegate.isClosed()) {
                connection.untrack(this);
                lastResultSet = null;
            }
        } catch (SQLException e) {
            // only bookkeeping: the statement stays tracked and is closed with its connection
            if (LOG.isLoggable(Level.FINE)) {
                LOG.log(Level.FINE, connection.logName()
                        + ": isClosed failed after a result set of a closeOnCompletion statement closed", e);
            }
        }
    }

    /** Closes the native statement without the funnel (its connection is being closed or replaced). */
    final void closeQuietly() {
        lastResultSet = null;
        try {
            delegate.close();
        } catch (SQLException | RuntimeException e) {
            if (LOG.isLoggable(Level.FINE)) {
                LOG.log(Level.FINE, connection.logName() + ": closing a statement failed", e);
            }
        }
    }
}
