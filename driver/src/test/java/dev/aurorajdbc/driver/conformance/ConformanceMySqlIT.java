package dev.aurorajdbc.driver.conformance;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

/**
 * The conformance suite on a MySQL-compatible (MariaDB) cluster: Connector/J directly, through the wrappers,
 * through jdbc:aurora:.
 */
@WithTestCluster(engine = Engine.MYSQL, replicas = 1, autoFailoverMillis = 0)
class ConformanceMySqlIT extends ConformanceRuns {

    ConformanceMySqlIT(TestCluster cluster) {
        super(cluster);
    }
}
