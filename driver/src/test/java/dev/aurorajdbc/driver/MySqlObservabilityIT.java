package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0)
class MySqlObservabilityIT extends ObservabilityIT {
    MySqlObservabilityIT(TestCluster cluster) {
        super(cluster);
    }
}
