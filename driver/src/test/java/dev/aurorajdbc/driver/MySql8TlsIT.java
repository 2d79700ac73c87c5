package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

/** {@link TlsIT} on MySQL 8 through Connector/J's {@code sslMode=VERIFY_IDENTITY} (asynchronous replication: the failover's test checks where the connection lands, not rows acknowledged before it). */
@WithTestCluster(engine = Engine.MYSQL, replicas = 1, sync = false, autoFailoverMillis = 0, tls = true, mysqlServer = "mysql")
class MySql8TlsIT extends TlsIT {
    MySql8TlsIT(TestCluster cluster) {
        super(cluster);
    }
}
