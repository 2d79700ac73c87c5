package dev.aurorajdbc.driver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.NodeState;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;

/**
 * The role a real PostgreSQL server announces at start-up ({@code in_hot_standby}) is the role it has, before and
 * after a failover, and {@link PostgresDialect#roleOf} gives the true role whichever role was wanted. Runs on the
 * newest and the older pgjdbc line and on both test-cluster backends.
 */
@Tag("integration")
@WithTestCluster(engine = dev.aurorajdbc.testcluster.Engine.POSTGRESQL, replicas = 1, autoFailoverMillis = 0)
class PostgresStartupIT {
    private final TestCluster cluster;

    PostgresStartupIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void everyMemberAnnouncesItsRoleAtStartUpBeforeAndAfterAFailover() throws Exception {
        Node writer = cluster.writer();
        checkEveryMember();

        cluster.failover();
        assertThat(cluster.writer()).as("a replica was promoted").isNotEqualTo(writer);
        Node demoted = cluster.node(writer.id());
        // The old writer comes back as a replica: its new connections announce so.
        cluster.awaitWriter(Duration.ofSeconds(30));
        assertThat(demoted.isWriter()).isFalse();
        checkEveryMember();
    }

    private void checkEveryMember() throws Exception {
        int checked = 0;
        for (Node node : cluster.nodes()) {
            if (node.state() != NodeState.RUNNING) {
                continue;
            }
            HostRole truth = node.isWriter() ? HostRole.WRITER : HostRole.READER;
            HostRole other = truth == HostRole.WRITER ? HostRole.READER : HostRole.WRITER;
            try (Connection c = cluster.connect(node)) {
                assertThat(PostgresStartup.announcedRole(c)).as("announced by %s", node).isEqualTo(truth);
                assertThat(PostgresDialect.INSTANCE.roleOf(c, truth)).as("%s wanted as %s", node, truth)
                        .isEqualTo(truth);
                assertThat(PostgresDialect.INSTANCE.roleOf(c, other)).as("%s wanted as %s", node, other)
                        .isEqualTo(truth);
            }
            checked++;
        }
        assertThat(checked).as("members running").isEqualTo(cluster.nodes().size());
    }
}
