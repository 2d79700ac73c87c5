package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, autoFailoverMillis = 0)
class PostgresClusterIT extends ClusterOperationsIT {

    PostgresClusterIT(TestCluster cluster) {
        super(cluster);
    }

    @Override
    void assertReadOnlyError(SQLException e) {
        assertThat(e.getSQLState()).as("%s", e).isEqualTo("25006");
    }
}
