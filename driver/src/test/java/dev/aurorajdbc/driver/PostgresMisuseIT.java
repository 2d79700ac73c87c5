package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, autoFailoverMillis = 0)
class PostgresMisuseIT extends MisuseIT {
    PostgresMisuseIT(TestCluster cluster) {
        super(cluster);
    }
}
