package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClusterOperationsIT} on the MySQL 8 server (process backend: an Oracle MySQL install, else the MySQL 8.0
 * binaries from Maven Central): replication, the read-only error (1290, {@code super_read_only}), failovers, every
 * fault, lag, add/remove replica and the Aurora metadata after each.
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0, mysqlServer = "mysql")
class MySql8ClusterIT extends MySqlClusterIT {

    MySql8ClusterIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }
}
