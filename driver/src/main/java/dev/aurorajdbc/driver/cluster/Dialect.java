package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraProperty;
import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.topology.TopologySource;
import dev.aurorajdbc.routing.HostRole;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * What the driver asks an engine's servers where engines differ: a server's role (and what it announced at start-up),
 * the writer's position and whether a replica replayed it, the timeouts of the monitor's native connections, and
 * where a cluster's topology comes from. One stateless instance per engine ({@link #of}); the cluster's context and its
 * monitor ask it on connect, on read/write moves, in probes and on a cluster's first contact, never on the statement
 * path. What is the same for every engine (network timeouts, the application's transaction, host health, logging)
 * stays with the callers: a dialect only asks and reads the answer.
 */
abstract class Dialect {

    /** The dialect of {@code engine}'s servers. */
    static Dialect of(Engine engine) {
        return switch (engine) {
            case POSTGRESQL -> PostgresDialect.INSTANCE;
            case MYSQL -> MySqlDialect.INSTANCE;
        };
    }

    /**
     * The role of a native connection just opened to be used in the role {@code wanted}: the role query's answer. A
     * dialect whose servers announce their role at start-up may spare the query.
     */
    HostRole roleOf(Connection physical, HostRole wanted) throws SQLException {
        return isWriter(physical) ? HostRole.WRITER : HostRole.READER;
    }

    /** The role query: on a connection in use (the monitor's), and on a new one whose role was not announced. */
    final boolean isWriter(Connection physical) throws SQLException {
        try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery(roleQuery())) {
            rs.next();
            return answersAsWriter(rs);
        }
    }

    /** The query {@link #isWriter} sends: one row, one column. */
    abstract String roleQuery();

    /** Whether the role query's answer, on its row, says the server is the writer. */
    abstract boolean answersAsWriter(ResultSet answer) throws SQLException;

    /** The query that reads the writer's position after the writes made so far on {@code writer}: one row, one column. */
    abstract String writePositionQuery(Connection writer) throws SQLException;

    /**
     * Whether the replica behind {@code reader} replays {@code position} (as {@link #writePositionQuery} read it)
     * within {@code timeoutMs}. The caller bounds the call by the connection's network timeout and rolls back what the
     * queries began when the application's transaction was open.
     */
    abstract boolean replayedWithin(Connection reader, String position, long timeoutMs) throws SQLException;

    /**
     * Sets the native driver's timeouts in {@code props} (the monitor's connections: probes, trials, topology reads) to
     * {@code millis}, connect and socket timeouts at least, so that a hung host does not hold the monitor.
     */
    abstract void probeTimeouts(Properties props, long millis);

    /** The topology source that fits the cluster of {@code node}: Aurora metadata if it has it, else the replication views. */
    abstract AuroraProperty.TopologySource detect(AuroraConfig config, Connection node) throws SQLException;

    /** The static source ({@code topologySource=static}): the URL's hosts, each asked its own role. */
    abstract TopologySource staticTopology();
}
