package dev.aurorajdbc.driver;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.Topology;

/**
 * Tells the application what the driver saw happen to its clusters. Register one with
 * {@code AuroraDriver.registered().clusters().addListener(listener)}; every method has an empty default, so implement
 * only what you need.
 *
 * <p>Calls come from the cluster's monitor thread ({@link #topologyChanged}, {@link #writerChanged}) or from the
 * application thread whose connection failed over ({@link #connectionFailedOver}). Keep them short: a slow listener
 * delays failover. An exception thrown by a listener is logged and otherwise ignored.
 */
public interface AuroraListener {

    /** The cluster's topology changed (members or roles). */
    default void topologyChanged(TopologyChange change) {
    }

    /** The cluster's writer was lost, or a writer was confirmed after one was lost. */
    default void writerChanged(WriterChange change) {
    }

    /** One logical connection failed over (or failed to). */
    default void connectionFailedOver(ConnectionFailover failover) {
    }

    /**
     * @param cluster  the cluster's name, as in the log lines
     * @param previous the topology before
     * @param current  the topology now
     */
    record TopologyChange(String cluster, Topology previous, Topology current) {
    }

    /**
     * A change of the cluster's writer as the driver's monitor saw it.
     *
     * @param cluster         the cluster's name
     * @param oldWriter       the writer that was lost; null when none was known
     * @param newWriter       the writer confirmed now; null when the event reports a loss
     * @param reason          why the old writer counts as lost (refused, did not answer, read-only), or why the new one
     *                        was chosen
     * @param unavailableMillis for a confirmation after a loss: milliseconds from the loss's detection to the
     *                        confirmation; 0 for a loss
     */
    record WriterChange(String cluster, HostAddress oldWriter, HostAddress newWriter, String reason,
            long unavailableMillis) {
    }

    /**
     * One logical connection's failover.
     *
     * @param cluster       the cluster's name
     * @param from          the host the connection was on
     * @param to            the new writer, or null when no writer was found within {@code failoverTimeoutMs}
     * @param sqlState      what the application was told: {@code 08S02}, {@code 08007} or {@code 08001}
     * @param inTransaction whether a transaction was open (and is lost)
     * @param waitedMillis  milliseconds from the failure to the new connection (or to giving up)
     */
    record ConnectionFailover(String cluster, HostAddress from, HostAddress to, String sqlState, boolean inTransaction,
            long waitedMillis) {
    }
}
