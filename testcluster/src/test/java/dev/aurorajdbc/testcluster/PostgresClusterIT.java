package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static dev.aurorajdbc.testcluster.ClusterAssertions.assertMetadataTrue;
import static org.assertj.core.api.Assertions.assertThat;

@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, autoFailoverMillis = 0)
class PostgresClusterIT extends ClusterOperationsIT {

    private final TestCluster cluster;

    PostgresClusterIT(TestCluster cluster) {
        super(cluster);
        this.cluster = cluster;
    }

    @Override
    void assertReadOnlyError(SQLException e) {
        assertThat(e.getSQLState()).as("%s", e).isEqualTo("25006");
    }

    /**
     * A killed server's lock file names its PID; once PIDs wrap around (thousands of backends: ReadWriteSplittingIT)
     * that PID can be a live process of the same user, another node's server, and PostgreSQL then refuses to start
     * ("lock file postmaster.pid already exists"). Simulated here by writing another node's live postmaster PID into
     * the killed node's lock file. (Local processes only: a container's PIDs are its own, see the container subclass.)
     */
    @Test
    @Order(50)
    void aKilledNodeStartsWhenThePidInItsStaleLockFileBelongsToAnotherLiveServer() throws SQLException {
        Node victim = cluster.replicas().get(0);
        Node other = cluster.writer();
        String otherLock = other.runtime.readFile("postmaster.pid");
        assertThat(otherLock).as("the writer's lock file").isNotNull();
        String livePid = otherLock.lines().findFirst().orElseThrow();
        cluster.kill(victim);
        String stale = victim.runtime.readFile("postmaster.pid");
        assertThat(stale).as("a killed server leaves its lock file").isNotNull();
        victim.runtime.writeFile("postmaster.pid", livePid + stale.substring(stale.indexOf('\n')));
        cluster.start(victim);
        assertThat(victim.state()).isEqualTo(NodeState.RUNNING);
        assertMetadataTrue(cluster);
    }
}
