package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, autoFailoverMillis = 0)
class PostgresHostileMetadataIT extends HostileMetadataIT {
    PostgresHostileMetadataIT(TestCluster cluster) {
        super(cluster);
    }
}
