package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The first connect to a cluster: the first contact with the URL's first host (the writer) detects the topology
 * source, reads the topology and becomes the application's native connection; the only other native connection is
 * the monitor's. Counted at the nodes' addresses (the test cluster's proxies count the connections they accept; the
 * cluster has no watchdog, whose probes would pass there too).
 */
@Tag("integration")
abstract class ColdConnectIT {
    private final TestCluster cluster;

    ColdConnectIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void aColdConnectOpensTheApplicationsNativeConnectionAndTheMonitorsOnly() throws Exception {
        AuroraDriver cold = new AuroraDriver(); // a registry of its own: no cluster known yet
        Properties p = new Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        long before = accepted();
        try (Connection c = cold.connect(cluster.auroraUrl(), p)) {
            ClusterContext context = ClusterContext.of(c.unwrap(dev.aurorajdbc.driver.jdbc.AuroraConnection.class)).orElseThrow();
            // The monitor's first round has run (its connection is open) once it confirmed the writer.
            Await.until(() -> context.confirmedWriter().isPresent(), 30, "the monitor confirms the writer");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            assertThat(context.confirmedWriter().orElseThrow().toString()).contains(cluster.writer().host());
            assertThat(accepted() - before).as("native connections opened by the first connect and the monitor")
                    .isEqualTo(2);
        } finally {
            cold.clusters().shutdown();
        }
    }

    private long accepted() {
        long n = 0;
        for (Node node : cluster.nodes()) {
            n += node.clientConnectionsAccepted();
        }
        return n;
    }
}
