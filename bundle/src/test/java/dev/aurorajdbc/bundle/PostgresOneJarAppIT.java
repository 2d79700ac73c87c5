package dev.aurorajdbc.bundle;

import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(replicas = 1, autoFailoverMillis = 0)
class PostgresOneJarAppIT extends OneJarAppIT {
    PostgresOneJarAppIT(TestCluster cluster) {
        super(cluster, "postgresql");
    }
}
