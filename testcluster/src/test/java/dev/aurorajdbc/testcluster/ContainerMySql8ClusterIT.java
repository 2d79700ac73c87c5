package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ContainerMySqlClusterIT} (all of {@link ClusterOperationsIT}, and a removed replica's connections) on the
 * container backend with the MySQL 8 server: the image of {@code aurora.testcluster.mysql8.image}
 * ({@code AURORA_TESTCLUSTER_MYSQL8_IMAGE}), the official {@code mysql:8.4} by default; {@code .ci/containers} sets the
 * local stand-in {@code aurora-testcluster/mysql:8.0}. The image decides the server: its {@code mysqld} is asked.
 * Without Docker it follows the project's rule (fails under CI=true, skipped elsewhere).
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0, backend = "container", mysqlServer = "mysql")
class ContainerMySql8ClusterIT extends ContainerMySqlClusterIT {

    ContainerMySql8ClusterIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }
}
