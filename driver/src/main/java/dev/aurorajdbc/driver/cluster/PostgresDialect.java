package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraProperty;
import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.topology.StaticTopology;
import dev.aurorajdbc.driver.topology.TopologySource;
import dev.aurorajdbc.routing.HostRole;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * PostgreSQL and Aurora PostgreSQL, through pgjdbc: the recovery state as the role, WAL positions, pgjdbc's timeouts in
 * whole seconds. pgjdbc's own types are left to {@link PostgresStartup} (pgjdbc is an optional dependency).
 */
final class PostgresDialect extends Dialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    /**
     * PostgreSQL 14 and later announce the role at start-up ({@code in_hot_standby}: the recovery state
     * {@code pg_is_in_recovery()} reads too), so when the announced role is the wanted one no query is sent. Otherwise,
     * or when none was announced (an older server), the role query decides: a stale announcement (a pooler in front of
     * the server replaying an old value) costs that query when it names the other role; one that names the wanted role
     * after a demotion places the connection on a replica, whose first write fails over as when a demotion follows the
     * query.
     */
    @Override
    HostRole roleOf(Connection physical, HostRole wanted) throws SQLException {
        if (PostgresStartup.announcedRole(physical) == wanted) {
            return wanted;
        }
        return super.roleOf(physical, wanted);
    }

    @Override
    String roleQuery() {
        return "SELECT pg_is_in_recovery()";
    }

    @Override
    boolean answersAsWriter(ResultSet answer) throws SQLException {
        return !answer.getBoolean(1);
    }

    /** The WAL position. */
    @Override
    String writePositionQuery(Connection writer) {
        return "SELECT pg_current_wal_lsn()::text";
    }

    /** Asks the replica's replay position every millisecond until it reaches {@code position} or the time is up. */
    @Override
    boolean replayedWithin(Connection reader, String position, long timeoutMs) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        try (PreparedStatement ps = reader.prepareStatement("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn")) {
            ps.setString(1, position);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getBoolean(1)) {
                        return true;
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    /**
     * Whole seconds, at least 1; the socket timeout bounds every read of the handshake too. pgjdbc also gets its
     * loginTimeout: with sslmode=prefer (its default) it tries again without TLS when the server does not answer the
     * TLS request, so a connect to a hung server would take two socket timeouts (measured: a trial of a hung writer
     * took 2.0 s, not 1 s). The loginTimeout bounds the whole connect, at the price of a thread per connect, which the
     * monitor's rare new connections pay.
     */
    @Override
    void probeTimeouts(Properties props, long millis) {
        String seconds = Engine.POSTGRESQL.nativeTimeout(Math.max(1, millis));
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
    }

    /** Aurora PostgreSQL has {@code aurora_replica_status()}; otherwise streaming replication. */
    @Override
    AuroraProperty.TopologySource detect(AuroraConfig config, Connection node) throws SQLException {
        try (Statement s = node.createStatement();
                ResultSet rs = s.executeQuery("SELECT to_regproc('pg_catalog.aurora_replica_status') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1) ? AuroraProperty.TopologySource.AURORA_POSTGRESQL
                    : AuroraProperty.TopologySource.POSTGRESQL_STREAMING;
        }
    }

    @Override
    TopologySource staticTopology() {
        return StaticTopology.postgresql();
    }
}
