package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AutomaticFailoverIT} on the MySQL 8 server with asynchronous replication (the MySQL binaries this machine
 * has lack the semi-sync plugins, see {@link MySql8SyncModeIT}): manual failover and the watchdog's failovers of a
 * killed, hung and cut writer, with what asynchronous replication promises (see {@link AutomaticFailoverIT}).
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, sync = false, autoFailoverMillis = 1000, mysqlServer = "mysql")
class MySql8AutomaticFailoverIT extends AutomaticFailoverIT {
    MySql8AutomaticFailoverIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }
}
