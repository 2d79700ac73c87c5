package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.routing.TopologyHost;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.NodeState;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.endpoint.EndpointNames;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The driver through Aurora endpoint names only, as an Aurora application's URL has them: the test cluster serves
 * the names through a hosts file that this JVM resolves from ({@code -Djdk.net.hosts.file}, the
 * {@code endpoint-names} failsafe execution), with the cluster endpoint following a new writer only after a stale-DNS
 * window of 15 s (long, so that a connect on a loaded machine still falls inside it). Subclasses: one per engine.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class EndpointIT {
    static final long STALE_WINDOW_MS = 15_000;
    private final TestCluster cluster;
    private final EndpointNames names;

    EndpointIT(TestCluster cluster) {
        this.cluster = cluster;
        this.names = cluster.endpoints();
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, cluster.user(), cluster.password());
    }

    /** {@code url} with one more parameter. */
    private static String with(String url, String parameter) {
        return url + (url.contains("?") ? "&" : "?") + parameter;
    }

    private static String host(Connection c) throws SQLException {
        return c.unwrap(AuroraConnection.class).hostDescription();
    }

    private String instanceEndpoint(Node n) {
        return names.instanceEndpoint(n.id()) + ":" + cluster.port();
    }

    private static String resolve(String name) {
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    @Test
    @Order(1)
    void theClusterEndpointAloneFindsTheTopologyAndConnectsByInstanceNames() throws Exception {
        assertThat(cluster.endpointUrl()).doesNotContain("clusterInstanceHostPattern").doesNotContain("127.0.");
        try (Connection c = connect(cluster.endpointUrl())) {
            assertThat(host(c)).as("on the writer, by its instance endpoint").isEqualTo(instanceEndpoint(cluster.writer()));
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS endpoint_rows (id INT PRIMARY KEY)");
                s.executeUpdate("INSERT INTO endpoint_rows (id) VALUES (1)");
            }
            ClusterContext context = ClusterContext.of(c.unwrap(AuroraConnection.class)).orElseThrow();
            Set<String> expected = cluster.nodes().stream().map(this::instanceEndpoint).collect(Collectors.toSet());
            Await.until(() -> context.topology().hosts().stream().map(h -> h.address().toString())
                    .collect(Collectors.toSet()).equals(expected), 30, "the topology by instance names: " + expected);
        }
    }

    /**
     * A manual failover, then a killed writer: while the cluster endpoint still answers the old writer (demoted, then
     * dead), a new connection through it lands on the new writer, never on the old one.
     */
    @Test
    @Order(7)
    void duringTheStaleDnsWindowANewConnectionLandsOnTheNewWriter() throws Exception {
        Node old = cluster.writer();
        cluster.failover();
        connectInsideTheStaleWindow(old, 2);

        Node killed = cluster.writer();
        cluster.kill(killed);
        try {
            // The promotion, not the whole failover: the old writer's rejoin (a re-clone, maybe) may take longer than
            // the stale-DNS window.
            Await.until(() -> {
                Node now = writerIfAny();
                return now != null && !now.equals(killed);
            }, 60, "the control plane to promote another writer");
            connectInsideTheStaleWindow(killed, 3);
        } finally {
            cluster.start(killed);
        }
    }

    private Node writerIfAny() {
        try {
            return cluster.writer();
        } catch (TestClusterException e) {
            return null; // between fencing the old writer and promoting the new one
        }
    }

    private void connectInsideTheStaleWindow(Node old, int id) throws Exception {
        Node writer = cluster.writer();
        assertThat(resolve(names.clusterEndpoint())).as("the cluster endpoint still answers the old writer")
                .isEqualTo(old.host());
        try (Connection c = connect(with(cluster.endpointUrl(), "connectTimeoutMs=20000"))) {
            assertThat(host(c)).as("a read-write connection on the new writer, not on " + old)
                    .isEqualTo(instanceEndpoint(writer));
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO endpoint_rows (id) VALUES (" + id + ")");
            }
        }
        assertThat(resolve(names.clusterEndpoint())).as("the connect fell inside the stale-DNS window")
                .isEqualTo(old.host());
        Await.until(() -> writer.host().equals(resolve(names.clusterEndpoint())), 30,
                "the cluster endpoint to follow the new writer after the window");
    }

    /** 1,000 connections through the reader endpoint: read-only, on replicas, each within ±20 % of an even share. */
    @Test
    @Order(2)
    void theReaderEndpointSpreadsConnectionsOverTheReplicas() throws Exception {
        awaitAllReplicasInTheTopology();
        Map<String, Integer> perHost = new HashMap<>();
        String url = cluster.endpointUrl(names.readerEndpoint());
        for (int i = 0; i < 1_000; i++) {
            try (Connection c = connect(url)) {
                assertThat(c.isReadOnly()).isTrue();
                perHost.merge(host(c), 1, Integer::sum);
            }
        }
        Set<String> replicas = cluster.replicas().stream().map(this::instanceEndpoint).collect(Collectors.toSet());
        assertThat(perHost.keySet()).as("replicas only").isEqualTo(replicas);
        double even = 1_000.0 / replicas.size();
        for (Map.Entry<String, Integer> e : perHost.entrySet()) {
            assertThat((double) e.getValue()).as("connections on " + e.getKey() + " of " + perHost)
                    .isBetween(even * 0.8, even * 1.2);
        }
    }

    @Test
    @Order(6)
    void aReaderEndpointConnectionMovesToAnotherReplicaWhenItsReplicaDies() throws Exception {
        awaitAllReplicasInTheTopology();
        try (Connection c = connect(with(cluster.endpointUrl(names.readerEndpoint()), "failoverTimeoutMs=30000"))) {
            String first = host(c);
            Node replica = cluster.replicas().stream().filter(n -> instanceEndpoint(n).equals(first)).findFirst()
                    .orElseThrow();
            cluster.kill(replica);
            try {
                try (Statement s = c.createStatement()) {
                    SQLException e = assertThrows(SQLException.class, () -> s.executeQuery("SELECT 1").close());
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
                }
                try (Statement s = c.createStatement()) {
                    s.executeQuery("SELECT 1").close();
                }
                Set<String> others = cluster.replicas().stream().filter(n -> n != replica).map(this::instanceEndpoint)
                        .collect(Collectors.toSet());
                assertThat(host(c)).as("another replica").isIn(others);
            } finally {
                cluster.start(replica);
            }
        }
    }

    @Test
    @Order(3)
    void aCustomEndpointResolvesInTurnToItsMembersAndFollowsTheirChanges() throws Exception {
        List<Node> replicas = cluster.replicas();
        String custom = cluster.customEndpoint("analytics", replicas.subList(0, 2));
        Set<String> members = Set.of(replicas.get(0).host(), replicas.get(1).host());
        Set<String> seen = new HashSet<>();
        Await.until(() -> {
            String a = resolve(custom);
            assertThat(a).as("an answer of " + custom).isIn(members);
            seen.add(a);
            return seen.equals(members);
        }, 30, "each member answered in turn: " + members);
        cluster.customEndpoint("analytics", List.of(replicas.get(2)));
        Await.until(() -> replicas.get(2).host().equals(resolve(custom)), 30, "the changed member only");
        try (Connection c = connect(with(cluster.endpointUrl(custom), "readerEndpoint=true"))) {
            assertThat(c.isReadOnly()).isTrue();
        }
        assertThat(cluster.deleteCustomEndpoint("analytics")).isTrue();
        Await.until(() -> resolve(custom) == null, 30, "the deleted endpoint to stop resolving");
    }

    @Test
    @Order(4)
    void anEndpointThatDoesNotResolveIs08001NamingItWithinTheConnectTimeout() {
        String missing = "nosuch.cluster-c000000000000.us-east-1.rds.amazonaws.com";
        long t0 = System.nanoTime();
        SQLException e = assertThrows(SQLException.class,
                () -> connect(with(cluster.endpointUrl(missing), "connectTimeoutMs=5000")).close());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.UNABLE_TO_CONNECT);
        assertThat(e.getMessage()).contains(missing);
        assertThat(ms).as("ms to fail (connectTimeoutMs 5000, on a loaded machine)").isLessThan(15_000);
    }

    /** The writer's own address, not an RDS name: the Aurora metadata it serves cannot be mapped without the pattern. */
    @Test
    @Order(5)
    void aNameOutsideTheRdsFormatsNeedsThePatternAndSaysSo() {
        String address = cluster.writer().host();
        SQLException e = assertThrows(SQLException.class, () -> connect(cluster.endpointUrl(address)).close());
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.INVALID_PARAMETER_VALUE);
        assertThat(e.getMessage()).contains(address).contains("clusterInstanceHostPattern");
    }

    private void awaitAllReplicasInTheTopology() throws Exception {
        for (Node n : cluster.nodes()) {
            Await.until(() -> n.state() == NodeState.RUNNING, 60, n + " running");
        }
        try (Connection c = connect(cluster.endpointUrl())) {
            ClusterContext context = ClusterContext.of(c.unwrap(AuroraConnection.class)).orElseThrow();
            Set<String> expected = cluster.replicas().stream().map(this::instanceEndpoint).collect(Collectors.toSet());
            Await.until(() -> context.topology().readers().stream().map(TopologyHost::address).map(Object::toString)
                    .collect(Collectors.toSet()).equals(expected), 30, "the replicas in the topology: " + expected);
        }
    }
}
