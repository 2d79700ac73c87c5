package dev.aurorajdbc.driver.cluster;

import java.util.Map;

/**
 * One cluster as the driver sees it, for JMX consoles and agents: registered as
 * {@code dev.aurorajdbc:type=Cluster,name="<cluster name>"} in the platform MBean server when the cluster's first
 * connection is opened, unregistered when the driver is deregistered. Read-only; every value is computed when asked
 * or counted where the event happens, never on the statement path.
 */
public interface AuroraClusterMXBean {

    /** The cluster's name, as in the log lines. */
    String getName();

    /** Where the topology comes from ({@code aurora-postgresql}, {@code mysql-replication}, …). */
    String getTopologySource();

    /** The writer the monitor last confirmed ({@code host:port}), or empty while none is. */
    String getWriter();

    /** The members of the latest topology, writer included. */
    int getTopologySize();

    /** The replicas of the latest topology. */
    int getReplicas();

    /** Each member's replica lag as the topology reports it, in milliseconds (0 for the writer). */
    Map<String, Long> getReplicaLagMillis();

    /** The members the driver avoids for now, after a failed connect or probe. */
    String[] getHostsAvoided();

    /** Open logical connections. */
    int getOpenConnections();

    /** This driver's read-only native connections per replica. */
    Map<String, Integer> getReaderConnections();

    /** The monitor's smoothed probe latency per replica in milliseconds (measured for the lowest-latency strategy). */
    Map<String, Double> getProbeLatencyMillis();

    /** Logical connections that failed over to a new writer (or replica). */
    long getFailovers();

    /** Of those, the ones inside a transaction (told {@code 08007}). */
    long getFailoversInTransaction();

    /** Failovers that found no writer within {@code failoverTimeoutMs} (told {@code 08001}). */
    long getFailoversFailed();

    /** The milliseconds the successful failovers took, in all. */
    long getFailoverMillisTotal();

    /** The longest successful failover, in milliseconds. */
    long getFailoverMillisMax();

    /** Writers the monitor lost (dead, demoted, not answering). */
    long getWriterLosses();

    /** Writers the monitor confirmed after a loss or a move. */
    long getWriterChanges();

    /** For the latest writer confirmed after a loss: milliseconds from the loss to the confirmation. */
    long getLastWriterUnavailableMillis();

    /** When the writer last changed or was lost, in milliseconds since the epoch; 0 when never. */
    long getLastWriterChangeEpochMillis();

    /** Read-only moves whose replica had replayed the session's writes (read-your-writes). */
    long getReadYourWritesReplicaReads();

    /** Read-only moves that stayed on the writer because the replica had not replayed them in time. */
    long getReadYourWritesWriterFallbacks();
}
