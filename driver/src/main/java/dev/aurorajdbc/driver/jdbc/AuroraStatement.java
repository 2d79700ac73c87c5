package dev.aurorajdbc.driver.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A statement of an {@link AuroraConnection}: a thin wrapper around the native statement, HikariCP-style. Every
 * method is the native call in a try/catch whose SQLException goes through the connection's funnel exactly once.
 * The {@code execute*} methods also note in the {@link SessionState} that a statement ran (for
 * {@link SessionState#inTransaction()}); result sets come back wrapped, the same wrapper for the same native result
 * set; {@link #getConnection()} returns the logical connection.
 *
 * <p>The statement belongs to the native connection it was created on: when failover replaces that connection, the
 * statement is closed, and the application creates a new one.
 */
public class AuroraStatement implements Statement {

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

    @Override
    public String toString() {
        return getClass().getSimpleName() + " wrapping " + delegate;
    }

    // ---- plain delegation ----

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
    public int getMaxFieldSize() throws SQLException {
        try {
            return delegate.getMaxFieldSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setMaxFieldSize(int max) throws SQLException {
        try {
            delegate.setMaxFieldSize(max);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getMaxRows() throws SQLException {
        try {
            return delegate.getMaxRows();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setMaxRows(int max) throws SQLException {
        try {
            delegate.setMaxRows(max);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setEscapeProcessing(boolean enable) throws SQLException {
        try {
            delegate.setEscapeProcessing(enable);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getQueryTimeout() throws SQLException {
        try {
            return delegate.getQueryTimeout();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setQueryTimeout(int seconds) throws SQLException {
        try {
            delegate.setQueryTimeout(seconds);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void cancel() throws SQLException {
        try {
            delegate.cancel();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLWarning getWarnings() throws SQLException {
        try {
            return delegate.getWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void clearWarnings() throws SQLException {
        try {
            delegate.clearWarnings();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCursorName(String name) throws SQLException {
        try {
            delegate.setCursorName(name);
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
    public ResultSet getResultSet() throws SQLException {
        try {
            return resultSet(delegate.getResultSet());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getUpdateCount() throws SQLException {
        try {
            return delegate.getUpdateCount();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getMoreResults() throws SQLException {
        try {
            return delegate.getMoreResults();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchDirection(int direction) throws SQLException {
        try {
            delegate.setFetchDirection(direction);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getFetchDirection() throws SQLException {
        try {
            return delegate.getFetchDirection();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFetchSize(int rows) throws SQLException {
        try {
            delegate.setFetchSize(rows);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getFetchSize() throws SQLException {
        try {
            return delegate.getFetchSize();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetConcurrency() throws SQLException {
        try {
            return delegate.getResultSetConcurrency();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getResultSetType() throws SQLException {
        try {
            return delegate.getResultSetType();
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
    public void clearBatch() throws SQLException {
        try {
            delegate.clearBatch();
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
    public boolean getMoreResults(int current) throws SQLException {
        try {
            return delegate.getMoreResults(current);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public ResultSet getGeneratedKeys() throws SQLException {
        try {
            return resultSet(delegate.getGeneratedKeys());
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
    public int getResultSetHoldability() throws SQLException {
        try {
            return delegate.getResultSetHoldability();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isClosed() throws SQLException {
        try {
            return delegate.isClosed();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setPoolable(boolean poolable) throws SQLException {
        try {
            delegate.setPoolable(poolable);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isPoolable() throws SQLException {
        try {
            return delegate.isPoolable();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isCloseOnCompletion() throws SQLException {
        try {
            return delegate.isCloseOnCompletion();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLargeUpdateCount() throws SQLException {
        try {
            return delegate.getLargeUpdateCount();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setLargeMaxRows(long max) throws SQLException {
        try {
            delegate.setLargeMaxRows(max);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLargeMaxRows() throws SQLException {
        try {
            return delegate.getLargeMaxRows();
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

    @Override
    public String enquoteLiteral(String val) throws SQLException {
        try {
            return delegate.enquoteLiteral(val);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String enquoteIdentifier(String identifier, boolean alwaysQuote) throws SQLException {
        try {
            return delegate.enquoteIdentifier(identifier, alwaysQuote);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isSimpleIdentifier(String identifier) throws SQLException {
        try {
            return delegate.isSimpleIdentifier(identifier);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String enquoteNCharLiteral(String val) throws SQLException {
        try {
            return delegate.enquoteNCharLiteral(val);
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
                LOG.log(Level.FINE, connection.hostDescription()
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
                LOG.log(Level.FINE, connection.hostDescription() + ": closing a statement failed", e);
            }
        }
    }
}
