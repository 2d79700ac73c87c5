package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterOperationsIT} on the container backend: every operation, fault and the metadata, with each PostgreSQL
 * node in its own container ({@code aurora.testcluster.postgresql.image}, official {@code postgres} by default).
 * Without Docker it follows the project's rule (fails under CI=true, skipped elsewhere).
 */
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, autoFailoverMillis = 0, backend = "container")
class ContainerPostgresClusterIT extends PostgresClusterIT {

    ContainerPostgresClusterIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.backendName()).isEqualTo("container");
    }

    @Test
    @Order(0)
    void runsOnTheContainerBackend() {
        // the constructor checked it; this names the check in the report
    }
}
