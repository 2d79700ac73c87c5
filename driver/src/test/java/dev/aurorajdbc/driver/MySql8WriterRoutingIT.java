package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link WriterRoutingIT} on a MySQL 8 cluster (Oracle MySQL, {@code caching_sha2_password} accounts, GTID
 * auto-positioning, {@code super_read_only} replicas): writer routing, both topology sources (the Aurora metadata
 * emulation and {@code SHOW REPLICAS}/{@code SHOW REPLICA STATUS}), scaling, credentials.
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0, mysqlServer = "mysql")
class MySql8WriterRoutingIT extends WriterRoutingIT {
    MySql8WriterRoutingIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }
}
