package dev.aurorajdbc.driver.conformance;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;

/** The conformance suite on a PostgreSQL cluster: pgjdbc directly, through the wrappers, through jdbc:aurora:. */
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, autoFailoverMillis = 0)
class ConformancePostgresIT extends ConformanceRuns {

    ConformancePostgresIT(TestCluster cluster) {
        super(cluster);
    }
}
