package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, sync = true, autoFailoverMillis = 1000)
class PostgresAutomaticFailoverIT extends AutomaticFailoverIT {
    PostgresAutomaticFailoverIT(TestCluster cluster) {
        super(cluster);
    }
}
