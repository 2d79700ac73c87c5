package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 1, tls = true)
class MySqlTlsEndpointIT extends TlsEndpointIT {
    MySqlTlsEndpointIT(TestCluster cluster) {
        super(cluster);
    }
}
