package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterOperationsIT} on the container backend with the MySQL-compatible engine (MariaDB, in
 * {@code aurora.testcluster.mysql.image}, the official {@code mariadb} image by default). Without Docker it follows
 * the project's rule (fails under CI=true, skipped elsewhere).
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0, backend = "container")
class ContainerMySqlClusterIT extends MySqlClusterIT {

    ContainerMySqlClusterIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.backendName()).isEqualTo("container");
    }

    @Test
    @Order(0)
    void runsOnTheContainerBackend() {
        // the constructor checked it; this names the check in the report
    }
}
