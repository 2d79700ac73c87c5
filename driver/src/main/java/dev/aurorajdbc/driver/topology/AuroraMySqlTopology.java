package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.driver.SqlStates;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

/**
 * The topology of an Aurora MySQL cluster, from {@code information_schema.replica_host_status}, which every instance
 * answers for the whole cluster: {@code SERVER_ID} is the instance id, {@code SESSION_ID} is
 * {@code MASTER_SESSION_ID} for the writer, {@code REPLICA_LAG_IN_MILLISECONDS} a reader's lag,
 * {@code LAST_UPDATE_TIMESTAMP} (a {@code datetime(6)} in UTC) when the instance last reported, {@code CPU} its CPU
 * use. The schema can be changed: the aurora-jdbc test cluster emulates the table in {@code aurora_emulation}.
 *
 * <p>The age of each row is computed on the server against {@code UTC_TIMESTAMP(6)} and its epoch value with no
 * time zone conversion, so neither the session's {@code time_zone} nor the client's clock matter (a query comparing
 * {@code NOW()} with the timestamp, as some clients do, is off by the session's UTC offset). Instance ids map
 * through the instance host pattern; stale readers, duplicate ids and several writers are handled as
 * {@link AuroraRows} describes. One query, one round trip.
 */
public final class AuroraMySqlTopology implements TopologySource {
    /** The source's name. */
    public static final String NAME = "aurora-mysql";
    /** Where Aurora MySQL keeps {@code replica_host_status}. */
    public static final String DEFAULT_SCHEMA = "information_schema";

    private final String table;
    private final String query;
    private final InstanceHostPattern pattern;
    private final int port;
    private final SourceLog log;

    /**
     * A source reading {@code information_schema.replica_host_status}.
     *
     * @param clusterName the cluster's name, prefixed to every log line (never a password)
     * @param pattern     maps instance ids to host names
     * @param port        the port of the instances when the pattern has none (the URL's)
     * @throws IllegalArgumentException when the port is outside 1–65535
     */
    public AuroraMySqlTopology(String clusterName, InstanceHostPattern pattern, int port) {
        this(clusterName, pattern, port, DEFAULT_SCHEMA);
    }

    private AuroraMySqlTopology(String clusterName, InstanceHostPattern pattern, int port, String schema) {
        this.pattern = Objects.requireNonNull(pattern, "pattern");
        this.port = AuroraPostgresTopology.checkPort(port);
        this.log = new SourceLog(AuroraMySqlTopology.class, Objects.requireNonNull(clusterName, "clusterName"));
        this.table = schema + ".replica_host_status";
        this.query = "SELECT SERVER_ID AS server_id,"
                + " SESSION_ID = 'MASTER_SESSION_ID' AS is_writer,"
                + " REPLICA_LAG_IN_MILLISECONDS AS replica_lag_ms,"
                + " TIMESTAMPDIFF(MICROSECOND, TIMESTAMP'1970-01-01 00:00:00', LAST_UPDATE_TIMESTAMP) DIV 1000"
                + " AS last_update_epoch_ms,"
                + " TIMESTAMPDIFF(MICROSECOND, LAST_UPDATE_TIMESTAMP, UTC_TIMESTAMP(6)) DIV 1000 AS age_ms,"
                + " CPU AS cpu"
                + " FROM " + table;
    }

    /**
     * A source reading {@code <schema>.replica_host_status}.
     *
     * @param clusterName the cluster's name, prefixed to every log line (never a password)
     * @param pattern     maps instance ids to host names
     * @param port        the port of the instances when the pattern has none (the URL's)
     * @param schema the schema holding the table: {@code information_schema} on Aurora, {@code aurora_emulation} on
     *               the test cluster; an unquoted identifier (letters, digits, {@code _}, {@code $}, at most 64)
     * @return the source
     * @throws SQLException with SQLState {@code 22023} naming the schema when it is not such an identifier
     * @throws IllegalArgumentException when the port is outside 1–65535
     */
    public static AuroraMySqlTopology withSchema(String clusterName, InstanceHostPattern pattern, int port,
            String schema) throws SQLException {
        if (schema == null || schema.isEmpty() || schema.length() > 64 || !isIdentifier(schema)) {
            throw new SQLException("invalid Aurora MySQL metadata schema '" + schema + "': expected an unquoted "
                    + "identifier of letters, digits, '_' and '$', at most 64 characters",
                    SqlStates.INVALID_PARAMETER_VALUE);
        }
        return new AuroraMySqlTopology(clusterName, pattern, port, schema);
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
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(query)) {
            return sequence.next(NAME, AuroraRows.read(rs, table, pattern, port, log));
        }
    }

    /** The SQL this source runs. */
    String sql() {
        return query;
    }

    @Override
    public String toString() {
        return NAME + " (" + table + ", instance host pattern " + pattern + ", port " + port + ")";
    }

    private static boolean isIdentifier(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '$' || c >= '0' && c <= '9';
            if (!ok) {
                return false;
            }
        }
        return !s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
