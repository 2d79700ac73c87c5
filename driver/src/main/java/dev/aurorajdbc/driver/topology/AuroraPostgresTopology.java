package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The topology of an Aurora PostgreSQL cluster, from {@code aurora_replica_status()}, which every instance answers
 * for the whole cluster: {@code server_id} is the instance id, {@code session_id} is {@code MASTER_SESSION_ID} for
 * the writer, {@code replica_lag_in_msec} a reader's lag in milliseconds (NULL for the writer),
 * {@code last_update_timestamp} when the instance last reported (NULL, from Aurora PostgreSQL 13.9, in the row of
 * the instance the session is on), {@code cpu} its CPU use.
 *
 * <p>Instance ids map to addresses through the instance host pattern, with the pattern's port or the URL's; ids
 * that do not map are ignored and logged. Stale readers, duplicate ids and several writers are handled as
 * {@link AuroraRows} describes; the server computes each row's age, so the client's clock does not matter.
 * One query, one round trip.
 */
public final class AuroraPostgresTopology implements TopologySource {
    /** The source's name. */
    public static final String NAME = "aurora-postgresql";

    static final String TABLE = "aurora_replica_status()";
    static final String QUERY = "SELECT server_id,"
            + " session_id = 'MASTER_SESSION_ID' AS is_writer,"
            + " replica_lag_in_msec AS replica_lag_ms,"
            + " (EXTRACT(EPOCH FROM last_update_timestamp) * 1000)::bigint AS last_update_epoch_ms,"
            + " (EXTRACT(EPOCH FROM (statement_timestamp() - last_update_timestamp)) * 1000)::bigint AS age_ms,"
            + " cpu"
            + " FROM aurora_replica_status()";

    private final InstanceHostPattern pattern;
    private final int port;
    private final SourceLog log;

    /**
     * @param clusterName the cluster's name, prefixed to every log line (never a password)
     * @param pattern     maps instance ids to host names
     * @param port        the port of the instances when the pattern has none (the URL's)
     * @throws IllegalArgumentException when the port is outside 1–65535
     */
    public AuroraPostgresTopology(String clusterName, InstanceHostPattern pattern, int port) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.port = checkPort(port);
        this.log = new SourceLog(AuroraPostgresTopology.class, Objects.requireNonNull(clusterName, "clusterName"));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@link Coverage#ANY_NODE}: every instance reports the whole cluster. */
    @Override
    public Coverage coverage() {
        return Coverage.ANY_NODE;
    }

    @Override
    public Topology query(Connection connection, HostAddress connectedTo, Topology.Sequence sequence)
            throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(QUERY)) {
            return sequence.next(NAME, AuroraRows.read(rs, TABLE, pattern, port, log));
        }
    }

    @Override
    public String toString() {
        return NAME + " (instance host pattern " + pattern + ", port " + port + ")";
    }

    static int checkPort(int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
        return port;
    }
}
