package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.Clock;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Reads a cluster's topology through an open native connection to one of its nodes: the members that node knows of,
 * their roles, lag and liveness figures, at the addresses clients reach them at.
 *
 * <h2>Addresses</h2>
 * A server reports names and addresses from its own point of view (an Aurora instance id, a replica's
 * {@code application_name} or {@code report_host}, the source address of a replication connection, the address a
 * replica streams from). None of them is trusted as a client address. A reported name becomes a member only when it
 * is one of the hosts the application configured (the URL's), or maps through the configured
 * {@link dev.aurorajdbc.routing.InstanceHostPattern}; the rest is ignored and logged. So a misconfigured or
 * compromised server cannot send the driver to a host the application did not allow, and a replication address
 * that only the servers can reach (a private network, the port behind a proxy) never becomes a client address.
 *
 * <h2>Coverage</h2>
 * How much one node sees differs by source ({@link #coverage()}): any Aurora instance lists the whole cluster; in
 * self-managed replication the writer lists its replicas and a replica at most its upstream; with the static
 * source every node reports only itself, so the monitor probes each configured host and joins the answers.
 *
 * <p>Implementations are immutable apart from logging state, thread-safe, and hold no connection. Calls take the
 * time of a few queries; the caller bounds them ({@link Connection#setNetworkTimeout}) and runs them off the
 * application's threads.
 */
public interface TopologySource {

    /** How much of the cluster one node's answer covers. */
    enum Coverage {
        /** Every node lists every member with its role (Aurora's cluster metadata): ask any one. */
        ANY_NODE,
        /**
         * The writer lists itself and the replicas it can address; a replica lists itself and, when it can tell,
         * the node it replicates from as the writer (with cascading replication that is a replica, whose own answer
         * then points further up). Ask the writer for the whole cluster.
         */
        WRITER,
        /** Each node reports only itself: probe every configured host and join the answers. */
        SELF
    }

    /**
     * The source's name, as the {@code topologySource} property spells it ({@code aurora-postgresql},
     * {@code aurora-mysql}, {@code postgresql-streaming}, {@code mysql-replication}, {@code static}); also the
     * {@link Topology#source()} of its snapshots.
     */
    String name();

    /** How much of the cluster one node's answer covers. */
    Coverage coverage();

    /**
     * The cluster's topology as the node behind {@code connection} sees it.
     *
     * @param connection  an open native connection to a node of the cluster, in auto-commit mode; left open, with no
     *                    session state changed
     * @param connectedTo the address {@code connection} was opened to (a URL host, or a member found earlier): the
     *                    node's own address, which its server cannot tell (it may sit behind a proxy or NAT)
     * @param sequence    the cluster's snapshot sequence, which numbers and timestamps the result
     * @return the snapshot, possibly without a writer (a failover under way, or a replica that cannot tell its
     *         upstream) and possibly empty
     * @throws SQLException when a query fails (the node is unreachable, lacks the metadata, the user may not read it),
     *         as the native driver reported it
     */
    Topology query(Connection connection, HostAddress connectedTo, Topology.Sequence sequence) throws SQLException;

    /**
     * Identifies the cluster of the node behind {@code connection}, to key the one cluster context that all
     * connections to a cluster share: {@code <name()>://<address>}, the address being the writer's as this node
     * reports it, or {@code connectedTo} when the node cannot tell the writer.
     *
     * <p>Why an address and not a server-side id: an address names exactly one server at a time in this JVM's
     * network, so two clusters never share an identity, whereas PostgreSQL's {@code system_identifier} is shared by
     * every clone of a cluster (a staging copy made with {@code pg_basebackup} would join production's context),
     * MySQL's {@code server_uuid} names one server and MariaDB has none, MariaDB's GTID domain id is 0 everywhere by
     * default, and Aurora instance ids are unique only within an account and region (the instance host pattern's
     * domain makes them unique). The price: one cluster shows another identity after a failover, or when asked
     * through a replica that cannot tell its writer, so a registry should also file a context under the identities
     * its later snapshots yield; a {@code clusterId} property overrides all of this.
     *
     * @param connection  as {@link #query}
     * @param connectedTo as {@link #query}
     * @return {@code aurora-postgresql://db-1.cxyz.us-east-1.rds.amazonaws.com:5432},
     *         {@code postgresql-streaming://10.0.7.11:5432}, …
     * @throws SQLException as {@link #query}
     */
    default String clusterIdentity(Connection connection, HostAddress connectedTo) throws SQLException {
        Topology view = query(connection, connectedTo, new Topology.Sequence(Clock.SYSTEM));
        HostAddress address = view.writer().map(TopologyHost::address).orElse(connectedTo);
        return name() + "://" + address;
    }
}
