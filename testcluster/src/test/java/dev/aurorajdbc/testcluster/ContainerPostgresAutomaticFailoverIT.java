package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link AutomaticFailoverIT} (synchronous replication, the watchdog, no acknowledged commit lost) on the container backend. */
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, sync = true, autoFailoverMillis = 1000, backend = "container")
class ContainerPostgresAutomaticFailoverIT extends AutomaticFailoverIT {
    ContainerPostgresAutomaticFailoverIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.backendName()).isEqualTo("container");
    }
}
