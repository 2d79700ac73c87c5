package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 4, autoFailoverMillis = 0)
class PostgresReadWriteSplittingIT extends ReadWriteSplittingIT {
    PostgresReadWriteSplittingIT(TestCluster cluster) {
        super(cluster);
    }
}
