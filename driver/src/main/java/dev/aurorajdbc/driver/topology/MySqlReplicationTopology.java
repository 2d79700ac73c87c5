package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The topology of a self-managed MySQL or MariaDB replication cluster, as one node sees it.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li>The node's role: the writer is the node with {@code @@global.read_only = 0}. Its own address is the one the
 *       caller connected to.</li>
 *   <li>On the writer: its replicas are the rows of {@code SHOW SLAVE HOSTS} ({@code SHOW REPLICAS} on MySQL 8.0.22
 *       and later), which lists each connected replica's {@code report_host} and {@code report_port} — whatever
 *       the replica's configuration says, often nothing useful for clients (the test cluster sets the node id and
 *       the server's own port behind its proxy). Each {@code Host} is resolved by {@link ReportedAddresses}: to a
 *       configured (URL) host, or through the instance host pattern; unresolved rows are ignored and logged once.
 *       The writer does not know its replicas' lag.</li>
 *   <li>On a replica: itself, with its lag ({@code Seconds_Behind_Master}, in seconds, as milliseconds), and the
 *       node it replicates from ({@code Master_Host}/{@code Source_Host} of {@code SHOW SLAVE STATUS} /
 *       {@code SHOW REPLICA STATUS}, resolved the same way, the port only telling apart configured hosts on one
 *       host) as the writer while its I/O thread runs. With several replication sources, only if exactly one is
 *       running.</li>
 * </ul>
 * Privileges: {@code SHOW SLAVE HOSTS} needs {@code REPLICATION MASTER ADMIN} (MariaDB) or {@code REPLICATION SLAVE}
 * (MySQL), {@code SHOW SLAVE STATUS} needs {@code REPLICA MONITOR}/{@code SLAVE MONITOR} (MariaDB) or
 * {@code REPLICATION CLIENT} (MySQL). Without them the node reports only itself and a warning is logged once; a
 * monitor then finds the writer by probing the configured hosts.
 */
public final class MySqlReplicationTopology implements TopologySource {
    /** The source's name. */
    public static final String NAME = "mysql-replication";

    /** The node's role and server version; one row. */
    static final String ROLE_QUERY = "SELECT @@global.read_only AS read_only, VERSION() AS version";
    static final String REPLICAS_LEGACY = "SHOW SLAVE HOSTS";
    static final String REPLICAS_MODERN = "SHOW REPLICAS";
    static final String SOURCE_LEGACY = "SHOW SLAVE STATUS";
    static final String SOURCE_MODERN = "SHOW REPLICA STATUS";
    /** ER_SPECIFIC_ACCESS_DENIED_ERROR: "you need (at least one of) the X privilege(s)". */
    static final int ACCESS_DENIED = 1227;
    /** SQLState of a server answer of an unexpected shape (general error). */
    static final String UNEXPECTED_ANSWER = "HY000";

    private final ReportedAddresses addresses;
    private final SourceLog log;

    /**
     * @param clusterName     the cluster's name, prefixed to every log line (never a password)
     * @param configuredHosts the URL's hosts
     * @param pattern         the instance host pattern, or {@code null}
     * @param port            the port of addresses made through a pattern without one (the URL's)
     * @throws IllegalArgumentException when the port is outside 1–65535
     */
    public MySqlReplicationTopology(String clusterName, List<HostAddress> configuredHosts, InstanceHostPattern pattern,
            int port) {
        this.addresses = new ReportedAddresses(configuredHosts, pattern, port);
        this.log = new SourceLog(MySqlReplicationTopology.class, Objects.requireNonNull(clusterName, "clusterName"));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@link Coverage#WRITER}: the writer lists its replicas, a replica only its source. */
    @Override
    public Coverage coverage() {
        return Coverage.WRITER;
    }

    @Override
    public Topology query(Connection connection, HostAddress connectedTo, Topology.Sequence sequence)
            throws SQLException {
        Objects.requireNonNull(connectedTo, "connectedTo");
        boolean readOnly;
        boolean modern;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROLE_QUERY)) {
            if (!rs.next()) {
                throw new SQLException("@@global.read_only returned no row on " + connectedTo, UNEXPECTED_ANSWER);
            }
            readOnly = rs.getLong("read_only") != 0;
            modern = usesReplicaSyntax(rs.getString("version"));
        }
        List<TopologyHost> hosts = readOnly ? replicaView(connection, connectedTo, modern)
                : writerView(connection, connectedTo, modern);
        return sequence.next(NAME, hosts);
    }

    /**
     * Whether the server takes {@code SHOW REPLICAS}/{@code SHOW REPLICA STATUS} with {@code Source_*} columns:
     * MySQL 8.0.22 and later (8.4 dropped the old forms). MariaDB keeps the old forms and column names.
     */
    static boolean usesReplicaSyntax(String version) {
        if (version == null || version.toLowerCase(Locale.ROOT).contains("mariadb")) {
            return false;
        }
        String[] parts = version.split("[^0-9]+", 4);
        try {
            int major = Integer.parseInt(parts[0]);
            int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
            int patch = parts.length > 2 ? Integer.parseInt(parts[2]) : 0;
            return major > 8 || major == 8 && (minor > 0 || patch >= 22);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private List<TopologyHost> writerView(Connection connection, HostAddress self, boolean modern)
            throws SQLException {
        Map<HostAddress, TopologyHost> hosts = new LinkedHashMap<>();
        hosts.put(self, new TopologyHost(null, self, HostRole.WRITER, 0, TopologyHost.UNKNOWN, TopologyHost.UNKNOWN));
        String sql = modern ? REPLICAS_MODERN : REPLICAS_LEGACY;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                String host = rs.getString("Host");
                int port = rs.getInt("Port");
                if (rs.wasNull()) {
                    port = -1;
                }
                Optional<HostAddress> address = addresses.resolve(host, port);
                if (address.isEmpty()) {
                    log.warnOnce("replica " + host, "ignoring a replica that " + self + " lists in " + sql
                            + " (Host " + SourceLog.quote(host) + ", Port " + port + "): its report_host is neither a "
                            + "configured host nor maps through the instance host pattern (" + addresses + ")");
                } else if (!hosts.containsKey(address.get())) {
                    hosts.put(address.get(), TopologyHost.of(null, address.get(), HostRole.READER));
                }
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != ACCESS_DENIED) {
                throw e;
            }
            log.warnOnce("privilege " + sql, "cannot list the replicas of " + self + ": " + e.getMessage()
                    + "; the topology holds only the hosts found by probing");
        }
        return new ArrayList<>(hosts.values());
    }

    private List<TopologyHost> replicaView(Connection connection, HostAddress self, boolean modern)
            throws SQLException {
        String sql = modern ? SOURCE_MODERN : SOURCE_LEGACY;
        long ownLag = TopologyHost.UNKNOWN;
        HostAddress upstream = null;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            String hostColumn = column(rs, "Source_Host", "Master_Host");
            String portColumn = column(rs, "Source_Port", "Master_Port");
            String ioColumn = column(rs, "Replica_IO_Running", "Slave_IO_Running");
            String lagColumn = column(rs, "Seconds_Behind_Source", "Seconds_Behind_Master");
            int running = 0;
            while (rs.next()) {
                if (!"Yes".equalsIgnoreCase(rs.getString(ioColumn))) {
                    continue;
                }
                running++;
                String host = rs.getString(hostColumn);
                int port = rs.getInt(portColumn);
                if (rs.wasNull()) {
                    port = -1;
                }
                long seconds = rs.getLong(lagColumn);
                ownLag = rs.wasNull() || seconds < 0 ? TopologyHost.UNKNOWN : seconds * 1000;
                Optional<HostAddress> address = addresses.resolve(host, port);
                if (address.isEmpty()) {
                    log.warnOnce("source " + host, self + " replicates from " + SourceLog.quote(host) + " port "
                            + port + ", which is neither a configured host nor maps through the instance host pattern ("
                            + addresses + ")");
                }
                upstream = address.orElse(null);
            }
            if (running > 1) {
                if (log.isFine()) {
                    log.fine(self + " replicates from " + running + " sources; none of them is taken as the writer");
                }
                upstream = null;
                ownLag = TopologyHost.UNKNOWN;
            }
        } catch (SQLException e) {
            if (e.getErrorCode() != ACCESS_DENIED) {
                throw e;
            }
            log.warnOnce("privilege " + sql, "cannot see whom " + self + " replicates from: " + e.getMessage()
                    + "; the topology holds only the hosts found by probing");
        }
        List<TopologyHost> hosts = new ArrayList<>(2);
        hosts.add(new TopologyHost(null, self, HostRole.READER, ownLag, TopologyHost.UNKNOWN, TopologyHost.UNKNOWN));
        if (upstream != null && !upstream.equals(self)) {
            hosts.add(new TopologyHost(null, upstream, HostRole.WRITER, 0, TopologyHost.UNKNOWN, TopologyHost.UNKNOWN));
        }
        return hosts;
    }

    /** The label of whichever of the two columns the result has (servers rename them between versions). */
    private static String column(ResultSet rs, String modern, String legacy) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            String label = md.getColumnLabel(i);
            if (label.equalsIgnoreCase(modern) || label.equalsIgnoreCase(legacy)) {
                return label;
            }
        }
        throw new SQLException("the replication status has neither " + modern + " nor " + legacy + " column",
                UNEXPECTED_ANSWER);
    }

    @Override
    public String toString() {
        return NAME + " (" + addresses + ")";
    }
}
