package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.CallableStatement;

/**
 * A callable statement of an {@link AuroraConnection}: a thin wrapper around the native callable statement, as
 * {@link AuroraStatement} describes. An OUT parameter holding a result set (a REF CURSOR) comes back wrapped.
 *
 * <p>Every method CallableStatement adds is plain delegation, generated into {@code GeneratedAuroraCallableStatement}.
 */
@GenerateDelegation(delegate = "callable", values = Values.class, resultSet = "resultSet")
public abstract class AuroraCallableStatement extends AuroraPreparedStatement implements CallableStatement {

    final CallableStatement callable;

    AuroraCallableStatement(AuroraConnection connection, CallableStatement delegate) {
        super(connection, delegate);
        this.callable = delegate;
    }
}
