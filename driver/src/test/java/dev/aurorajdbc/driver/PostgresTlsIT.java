package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

/** {@link TlsIT} on PostgreSQL: pgjdbc's {@code sslmode=verify-full}. */
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, sync = true, autoFailoverMillis = 0, tls = true)
class PostgresTlsIT extends TlsIT {
    PostgresTlsIT(TestCluster cluster) {
        super(cluster);
    }
}
