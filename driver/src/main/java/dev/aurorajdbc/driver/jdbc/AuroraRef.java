package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.Ref;
import java.sql.SQLException;

/**
 * An SQL REF of an {@link AuroraConnection}: a thin wrapper around the native one, handed back to the native
 * driver unwrapped wherever the application passes it in. The referenced value comes back wrapped as
 * {@link Values#wrap} describes, and a wrapped value set on it is unwrapped.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraRef}.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraRef implements Ref, NativeValue {

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

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
