package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 2, sync = true, autoFailoverMillis = 1000)
class MySqlPoolFailoverIT extends PoolFailoverIT {
    MySqlPoolFailoverIT(TestCluster cluster) {
        super(cluster);
    }
}
