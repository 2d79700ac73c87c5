package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.SQLException;
import java.sql.Savepoint;

/**
 * A savepoint of an {@link AuroraConnection}: a thin wrapper around the native savepoint, which the connection
 * hands back to the native connection in {@code rollback(Savepoint)} and {@code releaseSavepoint}.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraSavepoint}.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraSavepoint implements Savepoint, NativeValue {

    final AuroraConnection connection;
    final Savepoint delegate;

    AuroraSavepoint(AuroraConnection connection, Savepoint delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    @Override
    public Object nativeObject() {
        return delegate;
    }

    @Override
    public String toString() {
        return "AuroraSavepoint wrapping " + delegate;
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
