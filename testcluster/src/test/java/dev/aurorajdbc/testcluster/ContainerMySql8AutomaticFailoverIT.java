package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MySql8AutomaticFailoverIT} on the container backend (asynchronous: the stand-in image's MySQL has no semi-sync
 * plugins; with the official image, {@code sync = true} would run the semi-sync path, unverified here).
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, sync = false, autoFailoverMillis = 1000, backend = "container",
        mysqlServer = "mysql")
class ContainerMySql8AutomaticFailoverIT extends AutomaticFailoverIT {
    ContainerMySql8AutomaticFailoverIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.backendName()).isEqualTo("container");
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }
}
