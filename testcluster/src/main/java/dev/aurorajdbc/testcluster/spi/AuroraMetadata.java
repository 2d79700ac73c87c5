package dev.aurorajdbc.testcluster.spi;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * Emulates the metadata an Aurora cluster exposes (PostgreSQL: {@code aurora_replica_status()},
 * {@code aurora_db_instance_identifier()}; MySQL: a {@code replica_host_status}-shaped table). It lives in
 * tables on the writer that replicate to every node, so every node answers with the same topology, as Aurora's
 * do; the control plane publishes after every change and periodically.
 */
public interface AuroraMetadata {

    /** Extra lines for one node's server configuration file (per-node identity, settings tools check). */
    List<String> nodeConfig(String nodeId);

    /** Creates the schema, tables and functions on a fresh writer (they replicate to the replicas). */
    void install(Connection writerAdmin) throws SQLException;

    /**
     * Replaces the published topology with {@code instances}. Instances the control plane could not reach keep
     * their previous {@code lastUpdate} (stale, as on Aurora); the caller passes it unchanged.
     */
    void publish(Connection writerAdmin, List<InstanceStatus> instances) throws SQLException;

    /**
     * One instance's row.
     *
     * @param serverId         the instance id (the node id)
     * @param writer           whether it is the writer ({@code SESSION_ID = 'MASTER_SESSION_ID'})
     * @param replicaLagMillis replay lag of a replica in milliseconds (0 for the writer)
     * @param lastUpdateMillis epoch milliseconds of the last time the control plane heard from it
     * @param cpu              CPU use in percent (an emulated figure)
     */
    record InstanceStatus(String serverId, boolean writer, long replicaLagMillis, long lastUpdateMillis, double cpu) {
    }
}
