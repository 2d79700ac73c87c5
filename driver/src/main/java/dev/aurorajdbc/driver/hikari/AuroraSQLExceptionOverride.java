package dev.aurorajdbc.driver.hikari;

import com.zaxxer.hikari.SQLExceptionOverride;
import dev.aurorajdbc.driver.SqlStates;

import java.sql.SQLException;

/**
 * Keeps failed-over connections in a HikariCP pool. HikariCP evicts a connection that threw any {@code 08xxx}
 * SQLState; after {@code 08S02} (failed over, redo the statement) and {@code 08007} (failed over inside a transaction,
 * redo the transaction) the logical connection is on the new writer and fully usable, so evicting it would only make
 * the pool open another one while the cluster is busiest. Every other exception gets HikariCP's own verdict
 * ({@code 08001}, no writer within {@code failoverTimeoutMs}, still evicts).
 *
 * <pre>
 * config.setExceptionOverrideClassName("dev.aurorajdbc.driver.hikari.AuroraSQLExceptionOverride");
 * </pre>
 */
public final class AuroraSQLExceptionOverride implements SQLExceptionOverride {

    /** HikariCP instantiates the override by its class name. */
    public AuroraSQLExceptionOverride() {
    }

    @java.lang.Override
    public Override adjudicate(SQLException e) {
        String state = e.getSQLState();
        if (SqlStates.FAILOVER_SUCCEEDED.equals(state) || SqlStates.TRANSACTION_RESOLUTION_UNKNOWN.equals(state)) {
            return Override.DO_NOT_EVICT;
        }
        return Override.CONTINUE_EVICT;
    }
}
