package dev.aurorajdbc.driver.jdbc;

import java.sql.Ref;
import java.sql.SQLException;
import java.util.Map;

/**
 * An SQL REF of an {@link AuroraConnection}: a thin wrapper around the native one, handed back to the native
 * driver unwrapped wherever the application passes it in. The referenced value comes back wrapped as
 * {@link Values#wrap} describes, and a wrapped value set on it is unwrapped.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}.
 */
final class AuroraRef implements Ref, NativeValue {

    final AuroraConnection connection;
    final Ref delegate;

    AuroraRef(AuroraConnection connection, Ref delegate) {
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
    public String getBaseTypeName() throws SQLException {
        try {
            return delegate.getBaseTypeName();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(Map<String, Class<?>> map) throws SQLException {
        try {
            return Values.wrap(connection, delegate.getObject(map));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject() throws SQLException {
        try {
            return Values.wrap(connection, delegate.getObject());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(Object value) throws SQLException {
        try {
            delegate.setObject(Values.nativeOf(value));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    private SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
