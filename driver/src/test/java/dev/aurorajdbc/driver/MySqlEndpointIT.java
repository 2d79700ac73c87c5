package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 3, staleDnsWindowMillis = EndpointIT.STALE_WINDOW_MS)
class MySqlEndpointIT extends EndpointIT {
    MySqlEndpointIT(TestCluster cluster) {
        super(cluster);
    }
}
