package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

/** {@link TlsIT} on MariaDB through Connector/J's {@code sslMode=VERIFY_IDENTITY}. */
@WithTestCluster(engine = Engine.MYSQL, replicas = 1, sync = true, autoFailoverMillis = 0, tls = true)
class MySqlTlsIT extends TlsIT {
    MySqlTlsIT(TestCluster cluster) {
        super(cluster);
    }
}
