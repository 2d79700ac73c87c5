package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A result set of an {@link AuroraConnection}: a thin wrapper around the native result set, HikariCP-style. Every
 * method is the native call in a try/catch whose SQLException goes through the connection's funnel exactly once;
 * the ones with nothing more to do are generated, into {@code GeneratedAuroraResultSet}, each column label passing
 * {@link #label} (null is {@code 22023} before the native call). {@link #getStatement()} returns the wrapper
 * statement, never the native one; a result set met as a value (a REF CURSOR) comes back wrapped.
 */
@GenerateDelegation(values = Values.class, firstString = "label")
public abstract class AuroraResultSet implements ResultSet {

    final AuroraConnection connection;
    final ResultSet delegate;
    /** The statement that produced it; for metadata result sets, the native's own statement, wrapped on demand. */
    private AuroraStatement statement;

    AuroraResultSet(AuroraConnection connection, AuroraStatement statement, ResultSet delegate) {
        this.connection = connection;
        this.statement = statement;
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The wrapper of the statement that produced this result set; null where the native returns null (some
     * metadata result sets).
     */
    @Override
    public Statement getStatement() throws SQLException {
        Statement s;
        try {
            s = delegate.getStatement();
        } catch (SQLException e) {
            throw fail(e);
        }
        if (s == null) {
            return null;
        }
        AuroraStatement w = statement;
        if (w == null) {
            w = connection.wrapForeign(s);
            statement = w;
        }
        return w;
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        }
        AuroraStatement s = statement;
        if (s != null) {
            s.resultSetClosed();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>This result set itself first, then the native result set and what it wraps.
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
        return "AuroraResultSet wrapping " + delegate;
    }

    // ---- by column label: a null label is 22023 before the native call ----

    /** What a column label goes through on its way to the native result set (the generated methods' firstString). */
    final String label(String columnLabel) throws SQLException {
        return Arguments.required(columnLabel, "columnLabel");
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
