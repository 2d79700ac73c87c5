package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterOperationsIT} on the container backend: every operation, fault and the metadata, with each PostgreSQL
 * node in its own container ({@code aurora.testcluster.postgresql.image}, official {@code postgres} by default).
 * Without Docker it follows the project's rule (fails under CI=true, skipped elsewhere).
 */
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, autoFailoverMillis = 0, backend = "container")
class ContainerPostgresClusterIT extends PostgresClusterIT {

    private static final String REPLICATION_CONNECTIONS = "SELECT COUNT(*) FROM pg_stat_replication";

    private final TestCluster cluster;

    ContainerPostgresClusterIT(TestCluster cluster) {
        super(cluster);
        this.cluster = cluster;
        assertThat(cluster.backendName()).isEqualTo("container");
    }

    /** Not a test here: a container has PIDs of its own, and no other live server in it to simulate a reused PID. */
    @Override
    void aKilledNodeStartsWhenThePidInItsStaleLockFileBelongsToAnotherLiveServer() {
    }

    @Test
    @Order(0)
    void runsOnTheContainerBackend() {
        // the constructor checked it; this names the check in the report
    }

    /**
     * The writer learns that a removed replica is gone as with a local process: its container outlives the killed
     * server long enough to answer the writer's next heartbeat with a reset (see ContainerBackend).
     */
    @Test
    @Order(100)
    void aRemovedReplicaLeavesTheWritersReplicationConnectionsWithinSeconds() throws SQLException {
        long before = cluster.replicas().size();
        Node added = cluster.addReplica();
        ClusterAssertions.awaitCount(cluster, cluster.writer(), REPLICATION_CONNECTIONS, before + 1, Duration.ofSeconds(15));
        cluster.removeReplica(added);
        // A heartbeat every 5 s at most, and its reset.
        ClusterAssertions.awaitCount(cluster, cluster.writer(), REPLICATION_CONNECTIONS, before, Duration.ofSeconds(12));
    }
}
