package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, autoFailoverMillis = 0)
class PostgresPoolAndThreadsIT extends PoolAndThreadsIT {
    PostgresPoolAndThreadsIT(TestCluster cluster) {
        super(cluster);
    }
}
