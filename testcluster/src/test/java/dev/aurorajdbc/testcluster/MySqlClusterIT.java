package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

@WithTestCluster(engine = Engine.MYSQL, replicas = 2, autoFailoverMillis = 0)
class MySqlClusterIT extends ClusterOperationsIT {

    MySqlClusterIT(TestCluster cluster) {
        super(cluster);
    }

    @Override
    void assertReadOnlyError(SQLException e) {
        // ER_OPTION_PREVENTS_STATEMENT: "The MariaDB server is running with the --read-only option"
        assertThat(e.getErrorCode()).as("%s", e).isEqualTo(1290);
    }
}
