package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, sync = true, autoFailoverMillis = 1000)
class PostgresPoolFailoverIT extends PoolFailoverIT {
    PostgresPoolFailoverIT(TestCluster cluster) {
        super(cluster);
    }
}
