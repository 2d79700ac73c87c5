package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The metadata of an {@link AuroraConnection}: a thin wrapper around the native metadata, HikariCP-style. Every
 * method is the native call in a try/catch whose SQLException goes through the connection's funnel exactly once;
 * the ones with nothing more to do are generated, into {@code GeneratedAuroraDatabaseMetaData}. Result sets come back
 * wrapped; {@link #getConnection()} returns the logical connection.
 */
@GenerateDelegation(values = Values.class, resultSet = "resultSet")
public abstract class AuroraDatabaseMetaData implements DatabaseMetaData {

    final AuroraConnection connection;
    final DatabaseMetaData delegate;

    AuroraDatabaseMetaData(AuroraConnection connection, DatabaseMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The logical connection, never the native one.
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
     * <p>This object itself first, then the native metadata and what it wraps.
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
        return "AuroraDatabaseMetaData wrapping " + delegate;
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }

    /** Metadata result sets: their statement is the native's own, wrapped on demand. */
    ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : new GeneratedAuroraResultSet(connection, null, rs);
    }
}
