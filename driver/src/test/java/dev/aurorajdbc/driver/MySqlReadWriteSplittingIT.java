package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 4, autoFailoverMillis = 0)
class MySqlReadWriteSplittingIT extends ReadWriteSplittingIT {
    MySqlReadWriteSplittingIT(TestCluster cluster) {
        super(cluster);
    }
}
