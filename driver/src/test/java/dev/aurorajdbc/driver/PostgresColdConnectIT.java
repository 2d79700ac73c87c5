package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(replicas = 2, autoFailoverMillis = 0)
class PostgresColdConnectIT extends ColdConnectIT {
    PostgresColdConnectIT(TestCluster cluster) {
        super(cluster);
    }
}
