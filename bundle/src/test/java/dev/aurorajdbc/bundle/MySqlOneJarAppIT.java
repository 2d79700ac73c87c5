package dev.aurorajdbc.bundle;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 1, autoFailoverMillis = 0)
class MySqlOneJarAppIT extends OneJarAppIT {
    MySqlOneJarAppIT(TestCluster cluster) {
        super(cluster, "mysql-connector-j");
    }
}
