package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.Clob;
import java.sql.SQLException;

/**
 * A CLOB of an {@link AuroraConnection}: a thin wrapper around the native CLOB, handed back to the native driver
 * unwrapped wherever the application passes it in.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraClob}. The streams are the native driver's.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraClob implements Clob, NativeValue {

    final AuroraConnection connection;
    final Clob delegate;

    AuroraClob(AuroraConnection connection, Clob delegate) {
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
