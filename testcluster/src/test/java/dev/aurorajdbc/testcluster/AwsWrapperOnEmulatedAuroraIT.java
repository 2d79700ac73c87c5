package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import software.amazon.jdbc.HostRole;
import software.amazon.jdbc.HostSpec;
import software.amazon.jdbc.PluginService;
import software.amazon.jdbc.dialect.AuroraPgDialect;
import software.amazon.jdbc.dialect.DialectManager;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Proof that the emulation is faithful enough for a real Aurora client: the AWS Advanced JDBC Wrapper, with no
 * dialect forced, detects Aurora PostgreSQL on the replicated test cluster and reports its topology, also after
 * the control plane fails over and scales.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 2, autoFailoverMillis = 0)
class AwsWrapperOnEmulatedAuroraIT {
    private final TestCluster cluster;

    AwsWrapperOnEmulatedAuroraIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    @Order(1)
    void detectsAuroraPostgresAndReportsTheTopologyThroughTheWriter() throws SQLException {
        try (Connection c = wrapper(cluster.writer())) {
            PluginService service = c.unwrap(PluginService.class);
            assertThat(service.getDialect()).isExactlyInstanceOf(AuroraPgDialect.class);
            awaitTopology(service);
            assertThat(service.getCurrentHostSpec().getRole()).isEqualTo(HostRole.WRITER);
            assertThat(service.getAllHosts()).allSatisfy(h -> assertThat(h.getPort()).isEqualTo(cluster.port()));
        }
    }

    @Test
    @Order(2)
    void connectedToAReplicaItFindsTheWriter() throws SQLException {
        try (Connection c = wrapper(cluster.replicas().get(0))) {
            awaitTopology(c.unwrap(PluginService.class));
        }
    }

    @Test
    @Order(3)
    void seesTheNewWriterAfterAFailoverAndANewReplicaAfterScaling() throws SQLException {
        try (Connection c = wrapper(cluster.writer())) {
            PluginService service = c.unwrap(PluginService.class);
            awaitTopology(service);
            cluster.failover();
            awaitTopology(service);
            cluster.addReplica();
            awaitTopology(service);
        }
    }

    /** Polls the wrapper until its topology equals the cluster's: every node, with its role, and nothing else. */
    private void awaitTopology(PluginService service) {
        Map<String, HostRole> expected = new TreeMap<>();
        for (Node n : cluster.nodes()) {
            expected.put(n.host(), n.isWriter() ? HostRole.WRITER : HostRole.READER);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, HostRole> roles = Map.of();
        while (System.nanoTime() < deadline) {
            try {
                service.forceRefreshHostList();
            } catch (SQLException e) {
                ClusterAssertions.sleep(100);
                continue;
            }
            roles = new TreeMap<>();
            for (HostSpec h : service.getAllHosts()) {
                roles.put(h.getHost(), h.getRole());
            }
            if (roles.equals(expected)) {
                return;
            }
            ClusterAssertions.sleep(100);
        }
        assertThat(roles).as("the AWS wrapper's topology after 30 s").isEqualTo(expected);
    }

    private Connection wrapper(Node node) throws SQLException {
        DialectManager.resetEndpointCache();
        Properties p = new Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        p.setProperty("clusterInstanceHostPattern", cluster.instanceHostPattern());
        p.setProperty("clusterId", "testcluster-" + UUID.randomUUID());
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "30");
        return DriverManager.getConnection("jdbc:aws-wrapper:postgresql://" + node.address() + "/" + cluster.database(), p);
    }
}
