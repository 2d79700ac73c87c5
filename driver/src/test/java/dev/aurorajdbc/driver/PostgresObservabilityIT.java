package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(replicas = 2, autoFailoverMillis = 0)
class PostgresObservabilityIT extends ObservabilityIT {
    PostgresObservabilityIT(TestCluster cluster) {
        super(cluster);
    }
}
