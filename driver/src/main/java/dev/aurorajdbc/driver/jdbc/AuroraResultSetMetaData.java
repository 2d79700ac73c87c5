package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The metadata of a result set or prepared statement of an {@link AuroraConnection}: a thin wrapper around the
 * native metadata.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraResultSetMetaData}.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraResultSetMetaData implements ResultSetMetaData {

    final AuroraConnection connection;
    final ResultSetMetaData delegate;

    AuroraResultSetMetaData(AuroraConnection connection, ResultSetMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     *
     * <p>This object itself first, then the native object and what it wraps.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
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
        return "AuroraResultSetMetaData wrapping " + delegate;
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
