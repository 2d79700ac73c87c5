package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link FailoverIT} on a MySQL 8 cluster with asynchronous replication: the MySQL 8 binaries this project can run
 * locally (Maven Central's) and the stand-in image lack the semi-sync plugins, so the cluster cannot promise that an
 * acknowledged commit survives a failover. What runs: every fault (kill, hang, cut, failover()) surfaces as
 * {@code 08S02} within the bound and the next statement runs on the new writer. Left out, because they assert that
 * rows acknowledged before a failover survive it (true only with synchronous replication): the transaction test (its
 * row 1), repeated failovers (every round's row) and failover onto a lagging replica (all 50 rows).
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 2, sync = false, autoFailoverMillis = 1000, mysqlServer = "mysql")
class MySql8FailoverIT extends FailoverIT {
    private static final String ASYNC = "asserts that rows acknowledged before the failover survive it: needs synchronous"
            + " replication, which the MySQL 8 binaries here (no semi-sync plugins) cannot give";

    MySql8FailoverIT(TestCluster cluster) {
        super(cluster);
        assertThat(cluster.mysqlServer()).isEqualTo(MySqlServer.MYSQL);
    }

    @Test
    @Disabled(ASYNC)
    @Override
    void failoverInsideATransactionGives08007AndLeavesNothingOfIt() {
    }

    @Test
    @Disabled(ASYNC)
    @Override
    void repeatedFailoversPromoteFormerWritersAgain() {
    }

    @Test
    @Disabled(ASYNC)
    @Override
    void failoverOntoALaggingReplica() {
    }
}
