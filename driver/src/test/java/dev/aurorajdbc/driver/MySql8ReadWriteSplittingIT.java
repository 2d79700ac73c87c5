package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ReadWriteSplittingIT} on a MySQL 8 cluster: reader selection, replica lag filters and read-your-writes by
 * GTID (the writer's {@code gtid_executed}, {@code WAIT_FOR_EXECUTED_GTID_SET} on the reader) on {@code super_read_only}
 * replicas.
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 4, autoFailoverMillis = 0, mysqlServer = "mysql")
class MySql8ReadWriteSplittingIT extends ReadWriteSplittingIT {
    MySql8ReadWriteSplittingIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }
}
