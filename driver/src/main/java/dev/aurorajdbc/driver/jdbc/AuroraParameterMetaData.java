package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.ParameterMetaData;
import java.sql.SQLException;

/**
 * The parameter metadata of a prepared statement of an {@link AuroraConnection}: a thin wrapper around the native
 * parameter metadata.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraParameterMetaData}.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraParameterMetaData implements ParameterMetaData {

    final AuroraConnection connection;
    final ParameterMetaData delegate;

    AuroraParameterMetaData(AuroraConnection connection, ParameterMetaData delegate) {
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
        return "AuroraParameterMetaData wrapping " + delegate;
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
