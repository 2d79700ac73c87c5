package dev.aurorajdbc.testcluster.spi;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;

/**
 * One engine's replication logic, independent of where its processes run: every file and process operation
 * goes through a {@link NodeRuntime}, every SQL statement through {@link #admin}. The control plane calls these
 * under its own lock, one operation at a time.
 */
public interface EngineOps {

    /** Initialises the first writer's data directory, starts it, creates the admin and application users and database. */
    void initWriter(NodeRuntime node, ClusterConfig config, Duration timeout);

    /** Clones a new replica from the running writer, starts it replicating, and waits until it has caught up. */
    void initReplica(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Duration timeout);

    /** Starts an initialised node and waits until it accepts connections. */
    void start(NodeRuntime node, Duration timeout);

    /** Stops a node cleanly (fast shutdown), killing it when the timeout passes. */
    void stop(NodeRuntime node, Duration timeout);

    /**
     * An admin (superuser) connection to the node's server address and the application database (where the Aurora
     * metadata emulation lives), opened within the timeout, whose reads are bounded by it too. The caller closes it.
     */
    Connection admin(NodeRuntime node, Duration timeout) throws java.sql.SQLException;

    /** Whether the node accepts writes (not in recovery / not read-only). */
    boolean isWritable(Connection admin) throws java.sql.SQLException;

    /**
     * How far the node has received the writer's changes (PostgreSQL: WAL LSN; MariaDB: GTID sequence number);
     * larger is more up to date. On a writer, its own current position.
     */
    long receivedPosition(Connection admin) throws java.sql.SQLException;

    /** How far the node has applied the writer's changes, in the same unit as {@link #receivedPosition}. */
    long appliedPosition(Connection admin) throws java.sql.SQLException;

    /** The milliseconds this replica's applied state lags behind the writer, as the engine reports it (0 on a writer). */
    long replicaLagMillis(Connection admin) throws java.sql.SQLException;

    /** Promotes a replica: it applies everything it received, then accepts writes. Returns once it is writable. */
    void promote(NodeRuntime node, ClusterConfig config, Duration timeout);

    /** Re-points a running replica at a (new) writer, without losing its data. */
    void follow(NodeRuntime replica, NodeRuntime writer, ClusterConfig config, Duration timeout);

    /**
     * Brings a stopped former writer back as a replica of the new writer (PostgreSQL: pg_rewind or a re-clone;
     * MariaDB: re-point, re-clone if it diverged), then starts it.
     */
    void rejoin(NodeRuntime oldWriter, NodeRuntime writer, ClusterConfig config, Duration timeout);

    /** Delays replay on a replica by {@code lag} (zero removes the delay). */
    void setLag(NodeRuntime replica, Duration lag, Duration timeout);

    /**
     * Configures synchronous replication on the writer: {@code standbys} are the replicas that may acknowledge a
     * commit (empty: asynchronous, so that a writer without replicas never blocks).
     */
    void configureSync(NodeRuntime writer, List<NodeRuntime> standbys, ClusterConfig config, Duration timeout);

    /** The native JDBC URL of a node for clients ({@code host}/{@code port} are the node's public address). */
    String jdbcUrl(String host, int port, ClusterConfig config);
}
