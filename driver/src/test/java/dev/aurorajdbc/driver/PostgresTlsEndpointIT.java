package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, tls = true)
class PostgresTlsEndpointIT extends TlsEndpointIT {
    PostgresTlsEndpointIT(TestCluster cluster) {
        super(cluster);
    }
}
