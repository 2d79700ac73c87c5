package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 3, staleDnsWindowMillis = EndpointIT.STALE_WINDOW_MS)
class PostgresEndpointIT extends EndpointIT {
    PostgresEndpointIT(TestCluster cluster) {
        super(cluster);
    }
}
