package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The topology of a self-managed PostgreSQL cluster with physical streaming replication, as one node sees it.
 *
 * <h2>The rule</h2>
 * <ul>
 *   <li>The node's role: {@code pg_is_in_recovery()}. Its own address is the one the caller connected to.</li>
 *   <li>On the writer: its replicas are the rows of {@code pg_stat_replication}. A row names a replica by its
 *       {@code application_name} (from the replica's {@code primary_conninfo}, or its {@code cluster_name}) and by
 *       {@code client_addr}, the <em>source</em> address of its replication connection — on one machine, in
 *       containers or behind NAT not the address clients reach it at (on the test cluster every replica shows
 *       {@code 127.0.0.1}). So each row is resolved by {@link ReportedAddresses}: {@code application_name} first,
 *       then {@code client_addr}, each to a configured (URL) host or through the instance host pattern; a row
 *       resolving to neither is ignored and logged once (base backups' WAL senders silently). Give each replica an
 *       {@code application_name} that is its URL host name or, with a pattern such as {@code 10.0.7.?}, its id.</li>
 *   <li>On a replica: itself, and the node it streams from ({@code pg_stat_wal_receiver.sender_host}, resolved the
 *       same way; {@code sender_port} is the server's port, which only tells apart configured hosts on one host)
 *       as the writer while the receiver is streaming.</li>
 * </ul>
 * Lag: a replica's {@code replay_lag} on the writer, in milliseconds; NULL while a streaming replica has caught up
 * and is idle, which is 0. On a replica, its own lag is 0 when it has replayed all it received, else the age of
 * the last transaction it replayed (an upper bound: counted from that transaction's commit on the writer).
 *
 * <p>Privileges: without {@code pg_read_all_stats} (e.g. {@code pg_monitor}) a user sees {@code application_name}
 * but NULL addresses, states and lags in {@code pg_stat_replication} (lags are then unknown) and nothing of
 * {@code pg_stat_wal_receiver} (a replica cannot tell its writer), so a monitor must find the writer by probing the
 * configured hosts.
 */
public final class PostgresStreamingTopology implements TopologySource {
    /** The source's name. */
    public static final String NAME = "postgresql-streaming";

    /** The node's role and, on a replica, its own replay lag in milliseconds; one row. */
    static final String ROLE_QUERY = "SELECT pg_is_in_recovery() AS in_recovery,"
            + " CASE WHEN NOT pg_is_in_recovery() THEN 0"
            + " WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0"
            + " ELSE (EXTRACT(EPOCH FROM (clock_timestamp() - pg_last_xact_replay_timestamp())) * 1000)::bigint"
            + " END AS replay_lag_ms";
    /** On the writer: its WAL senders. */
    static final String REPLICAS_QUERY = "SELECT application_name, host(client_addr) AS client_addr, state,"
            + " (EXTRACT(EPOCH FROM replay_lag) * 1000)::bigint AS replay_lag_ms"
            + " FROM pg_stat_replication";
    /** On a replica: its WAL receiver. */
    static final String UPSTREAM_QUERY = "SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver";

    private final ReportedAddresses addresses;
    private final SourceLog log;

    /**
     * @param clusterName     the cluster's name, prefixed to every log line (never a password)
     * @param configuredHosts the URL's hosts
     * @param pattern         the instance host pattern, or {@code null}
     * @param port            the port of addresses made through a pattern without one (the URL's)
     * @throws IllegalArgumentException when the port is outside 1–65535
     */
    public PostgresStreamingTopology(String clusterName, List<HostAddress> configuredHosts,
            InstanceHostPattern pattern, int port) {
        this.addresses = new ReportedAddresses(configuredHosts, pattern, port);
        this.log = new SourceLog(PostgresStreamingTopology.class, Objects.requireNonNull(clusterName, "clusterName"));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@link Coverage#WRITER}: the writer lists its replicas, a replica only its upstream. */
    @Override
    public Coverage coverage() {
        return Coverage.WRITER;
    }

    @Override
    public Topology query(Connection connection, HostAddress connectedTo, Topology.Sequence sequence)
            throws SQLException {
        Objects.requireNonNull(connectedTo, "connectedTo");
        boolean replica;
        long ownLag;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(ROLE_QUERY)) {
            if (!rs.next()) {
                throw new SQLException("pg_is_in_recovery() returned no row on " + connectedTo,
                        MySqlReplicationTopology.UNEXPECTED_ANSWER);
            }
            replica = rs.getBoolean("in_recovery");
            ownLag = rs.getLong("replay_lag_ms");
            if (rs.wasNull() || ownLag < 0) {
                ownLag = TopologyHost.UNKNOWN;
            }
        }
        List<TopologyHost> hosts = replica ? replicaView(connection, connectedTo, ownLag)
                : writerView(connection, connectedTo);
        return sequence.next(NAME, hosts);
    }

    private List<TopologyHost> writerView(Connection connection, HostAddress self) throws SQLException {
        Map<HostAddress, TopologyHost> hosts = new LinkedHashMap<>();
        hosts.put(self, new TopologyHost(null, self, HostRole.WRITER, 0, TopologyHost.UNKNOWN, TopologyHost.UNKNOWN));
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(REPLICAS_QUERY)) {
            while (rs.next()) {
                String name = rs.getString("application_name");
                String clientAddr = rs.getString("client_addr");
                String state = rs.getString("state");
                long lag = rs.getLong("replay_lag_ms");
                boolean lagKnown = !rs.wasNull();
                if ("backup".equals(state)) {
                    continue; // a base backup's WAL sender, not a replica
                }
                Optional<HostAddress> address = addresses.resolve(name, -1);
                if (address.isEmpty()) {
                    address = addresses.resolve(clientAddr, -1);
                }
                if (address.isEmpty()) {
                    if (!"pg_basebackup".equals(name) && !"pg_receivewal".equals(name)) {
                        log.warnOnce("replica " + name + " " + clientAddr, "ignoring a replica that "
                                + self + " lists in pg_stat_replication (application_name " + SourceLog.quote(name)
                                + ", client_addr " + SourceLog.quote(clientAddr) + "): neither is a configured host "
                                + "nor maps through the instance host pattern (" + addresses + ")");
                    }
                    continue;
                }
                if (hosts.containsKey(address.get())) {
                    if (log.isFine()) {
                        log.fine("pg_stat_replication on " + self + " lists " + address.get() + " twice; keeping the "
                                + "first");
                    }
                    continue;
                }
                long lagMillis = lagKnown && lag >= 0 ? lag
                        : !lagKnown && "streaming".equals(state) ? 0 : TopologyHost.UNKNOWN;
                hosts.put(address.get(), new TopologyHost(null, address.get(), HostRole.READER, lagMillis,
                        TopologyHost.UNKNOWN, TopologyHost.UNKNOWN));
            }
        }
        return new ArrayList<>(hosts.values());
    }

    private List<TopologyHost> replicaView(Connection connection, HostAddress self, long ownLag) throws SQLException {
        List<TopologyHost> hosts = new ArrayList<>(2);
        hosts.add(new TopologyHost(null, self, HostRole.READER, ownLag, TopologyHost.UNKNOWN, TopologyHost.UNKNOWN));
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(UPSTREAM_QUERY)) {
            if (!rs.next()) {
                return hosts; // no WAL receiver: restoring from an archive, or between connections
            }
            String status = rs.getString("status");
            String senderHost = rs.getString("sender_host");
            int senderPort = rs.getInt("sender_port");
            if (rs.wasNull()) {
                senderPort = -1;
            }
            if (status == null) {
                if (log.isFine()) {
                    log.fine("cannot see whom " + self + " replicates from: pg_stat_wal_receiver shows nothing to "
                            + "users without pg_read_all_stats");
                }
                return hosts;
            }
            if (!"streaming".equals(status)) {
                return hosts;
            }
            Optional<HostAddress> upstream = addresses.resolve(senderHost, senderPort);
            if (upstream.isEmpty()) {
                log.warnOnce("upstream " + senderHost, self + " replicates from " + SourceLog.quote(senderHost)
                        + " port " + senderPort + ", which is neither a configured host nor maps through the instance "
                        + "host pattern (" + addresses + ")");
            } else if (!upstream.get().equals(self)) {
                hosts.add(new TopologyHost(null, upstream.get(), HostRole.WRITER, 0, TopologyHost.UNKNOWN,
                        TopologyHost.UNKNOWN));
            }
        }
        return hosts;
    }

    @Override
    public String toString() {
        return NAME + " (" + addresses + ")";
    }
}
