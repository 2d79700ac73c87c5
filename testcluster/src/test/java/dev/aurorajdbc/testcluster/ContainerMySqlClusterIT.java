package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterOperationsIT} on the container backend with the MySQL engine in {@code aurora.testcluster.mysql.image}
 * (the official {@code mysql:8.4} by default; {@code .ci/containers} sets the MariaDB stand-in
 * {@code aurora-testcluster/mariadb:10.11}): the image decides the server. Without Docker it follows the project's rule
 * (fails under CI=true, skipped elsewhere).
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0, backend = "container")
class ContainerMySqlClusterIT extends MySqlClusterIT {

    private static final String REPLICATION_CONNECTIONS = "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE COMMAND LIKE 'Binlog Dump%'";

    private final TestCluster cluster;

    ContainerMySqlClusterIT(TestCluster cluster) {
        super(cluster);
        this.cluster = cluster;
        assertThat(cluster.backendName()).isEqualTo("container");
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
