package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 1, autoFailoverMillis = 0)
class MySqlMisuseIT extends MisuseIT {
    MySqlMisuseIT(TestCluster cluster) {
        super(cluster);
    }
}
