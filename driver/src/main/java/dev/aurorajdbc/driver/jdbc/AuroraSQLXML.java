package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.SQLException;
import java.sql.SQLXML;

/**
 * An SQL XML value of an {@link AuroraConnection}: a thin wrapper around the native one, handed back to the native
 * driver unwrapped wherever the application passes it in.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraSQLXML}. The streams, sources and results are the native driver's.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraSQLXML implements SQLXML, NativeValue {

    final AuroraConnection connection;
    final SQLXML delegate;

    AuroraSQLXML(AuroraConnection connection, SQLXML delegate) {
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
