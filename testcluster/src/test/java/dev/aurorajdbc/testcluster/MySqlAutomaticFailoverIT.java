package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

@WithTestCluster(engine = Engine.MYSQL, replicas = 2, sync = true, autoFailoverMillis = 1000)
class MySqlAutomaticFailoverIT extends AutomaticFailoverIT {
    MySqlAutomaticFailoverIT(TestCluster cluster) {
        super(cluster);
    }
}
