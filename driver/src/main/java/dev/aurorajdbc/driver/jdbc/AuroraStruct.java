package dev.aurorajdbc.driver.jdbc;

import java.sql.SQLException;
import java.sql.Struct;
import java.util.Map;

/**
 * An SQL structured value of an {@link AuroraConnection}: a thin wrapper around the native one, handed back to the
 * native driver unwrapped wherever the application passes it in. The attributes are the native driver's.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}.
 */
final class AuroraStruct implements Struct, NativeValue {

    final AuroraConnection connection;
    final Struct delegate;

    AuroraStruct(AuroraConnection connection, Struct delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    @Override
    public Object nativeObject() {
        return delegate;
    }

    /** The native object's own text (for an array, its literal). */
    @Override
    public String toString() {
        return delegate.toString();
    }

    // ---- plain delegation ----

    @Override
    public String getSQLTypeName() throws SQLException {
        try {
            return delegate.getSQLTypeName();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object[] getAttributes() throws SQLException {
        try {
            return delegate.getAttributes();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object[] getAttributes(Map<String, Class<?>> map) throws SQLException {
        try {
            return delegate.getAttributes(map);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    private SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
