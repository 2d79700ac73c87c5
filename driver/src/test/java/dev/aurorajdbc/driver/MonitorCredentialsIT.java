package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitor's own connections (probes, trials of avoided hosts, topology reads) are not bound to the login of the
 * cluster's first connection: once the cluster refuses it, a later connection's login is tried and kept. A rotated
 * password refuses the first login, and a cluster's context can outlive the cluster: a new cluster on the same
 * addresses may need other native properties. Read-your-writes must also follow the new cluster's server.
 */
@Tag("integration")
class MonitorCredentialsIT {
    private static final String ROTATED = "rotated-Pa55word";
    /** The second test's parameters: both clusters' URLs name one context. */
    private static final String REUSE = "&topologyRefreshMs=1000&monitorIdleTimeoutMs=60000&clusterId=credentials-reuse-"
            + System.nanoTime();
    private static final String SPLIT = "&readWriteSplitting=true&readYourWrites=true";

    @ParameterizedTest
    @EnumSource(Engine.class)
    void afterAPasswordRotationARestartedReplicaRejoinsAndFailoverFindsTheNewWriter(Engine engine) throws Exception {
        try (TestCluster cluster = TestCluster.builder(engine).replicas(2).autoFailover(null).start()) {
            String url = cluster.auroraUrl() + "&topologyRefreshMs=1000&failoverTimeoutMs=15000&clusterId=credentials-"
                    + cluster.name();
            try (Connection first = DriverManager.getConnection(url, cluster.user(), cluster.password())) {
                ClusterContext context = WriterRoutingIT.contextOf(first);
                rotate(cluster, first);
                // The rotation reaches the replicas; a replica restarted now must be asked anew by the monitor.
                Node replica = cluster.replicas().get(0);
                awaitRefused(cluster, replica);
                cluster.kill(replica);
                long avoidDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!readers(url, cluster.user(), ROTATED, 10).equals(Set.of(cluster.replicas().get(1).address()))
                        && System.nanoTime() < avoidDeadline) {
                    WriterRoutingIT.sleep(50);
                }
                cluster.start(replica);
                long restarted = System.nanoTime();
                Set<String> replicas = cluster.replicas().stream().map(Node::address).collect(Collectors.toSet());
                long deadline = restarted + TimeUnit.SECONDS.toNanos(10);
                Set<String> seen = readers(url, cluster.user(), ROTATED, 20);
                while (!seen.equals(replicas) && System.nanoTime() < deadline) {
                    WriterRoutingIT.sleep(100);
                    seen = readers(url, cluster.user(), ROTATED, 20);
                }
                assertThat(seen).as("every replica, the restarted one too, within 10 s (%s)", context).isEqualTo(replicas);
                System.out.printf("%s: with a rotated password, the restarted replica served reads %d ms after its start%n",
                        engine, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));

                cluster.failover();
                long failedOver = System.nanoTime();
                String writer = cluster.writer().address();
                long writerDeadline = failedOver + TimeUnit.SECONDS.toNanos(10);
                while (!context.confirmedWriter().map(Object::toString).orElse("").equals(writer)
                        && System.nanoTime() < writerDeadline) {
                    WriterRoutingIT.sleep(20);
                }
                assertThat(context.confirmedWriter().map(Object::toString)).as("the monitor confirmed the new writer (%s)",
                        context).contains(writer);
                try (Connection w = DriverManager.getConnection(url, cluster.user(), ROTATED)) {
                    assertThat(w.unwrap(AuroraConnection.class).hostDescription()).isEqualTo(writer);
                    assertThat(WriterRoutingIT.writable(engine, w)).isTrue();
                }
                System.out.printf("%s: with a rotated password, the monitor confirmed the new writer %d ms after failover()%n",
                        engine, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - failedOver));
            }
        }
    }

    /**
     * A MySQL 8 cluster on the addresses of a MariaDB cluster that is gone: the context of the first serves the second
     * (same URL spelling), whose accounts need a native property the first's did not ({@code allowPublicKeyRetrieval}
     * for {@code caching_sha2_password}). Every replica of the second must serve reads, including those that the
     * context saw fail when the first cluster went.
     */
    @Test
    void aMySql8ClusterOnTheAddressesOfAMariaDbClusterHasEveryReplicaServed() throws Exception {
        int block;
        ClusterContext context;
        try (TestCluster first = TestCluster.builder(Engine.MYSQL).mysqlServer(MySqlServer.MARIADB).replicas(2)
                .autoFailover(null).start()) {
            block = AddressReuseIT.block(first);
            Connection open = DriverManager.getConnection(first.auroraUrl() + REUSE + SPLIT, first.user(), first.password());
            context = WriterRoutingIT.contextOf(open);
            readYourWrite(open, 1); // the context has met MariaDB's GTIDs
            first.close(); // with a connection open: the monitor sees every member go
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (context.confirmedWriter().isPresent() && System.nanoTime() < deadline) {
                WriterRoutingIT.sleep(20);
            }
            open.close();
        }
        try (TestCluster second = TestCluster.builder(Engine.MYSQL).mysqlServer(MySqlServer.MYSQL).replicas(2)
                .autoFailover(null).addressBlock(block).start()) {
            String url = second.auroraUrl() + REUSE;
            Set<String> replicas = second.replicas().stream().map(Node::address).collect(Collectors.toSet());
            try (Connection keep = DriverManager.getConnection(url + SPLIT, second.user(), second.password())) {
                assertThat(WriterRoutingIT.contextOf(keep)).as("the first cluster's context serves the second").isSameAs(context);
                long started = System.nanoTime();
                long deadline = started + TimeUnit.SECONDS.toNanos(10);
                Set<String> seen = readers(url, second.user(), second.password(), 20);
                while (!seen.equals(replicas) && System.nanoTime() < deadline) {
                    WriterRoutingIT.sleep(100);
                    seen = readers(url, second.user(), second.password(), 20);
                }
                assertThat(seen).as("every replica within 10 s (%s)", context).isEqualTo(replicas);
                System.out.printf("MySQL 8 after MariaDB on the same addresses: every replica served within %d ms%n",
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
                readYourWrite(keep, 2); // MySQL's GTIDs now
            }
        }
    }

    /** Inserts row {@code id} on the writer and reads it on a replica with read-your-writes. */
    private static void readYourWrite(Connection c, long id) throws SQLException {
        c.setReadOnly(false);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS ryw (id BIGINT PRIMARY KEY)");
            s.execute("INSERT INTO ryw VALUES (" + id + ")");
        }
        c.setReadOnly(true);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM ryw WHERE id = " + id)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).as("the row just written, read on %s", c.unwrap(AuroraConnection.class).hostDescription())
                    .isEqualTo(1);
        }
    }

    /** Changes the application user's own password on the writer (no privilege needed for that). */
    private static void rotate(TestCluster cluster, Connection writer) throws SQLException {
        String sql = cluster.engine() == Engine.POSTGRESQL ? "ALTER ROLE CURRENT_USER PASSWORD '" + ROTATED + "'"
                : cluster.mysqlServer() == MySqlServer.MARIADB ? "SET PASSWORD = PASSWORD('" + ROTATED + "')"
                : "SET PASSWORD = '" + ROTATED + "'";
        try (Statement s = writer.createStatement()) {
            s.execute(sql);
        }
    }

    /** Waits until the replica refuses the old password (the rotation has replicated). */
    private static void awaitRefused(TestCluster cluster, Node replica) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Connection c = cluster.connect(replica)) {
                WriterRoutingIT.sleep(50);
            } catch (SQLException refused) {
                return;
            }
        }
        throw new AssertionError("replica " + replica.id() + " still takes the old password after 10 s");
    }

    /** Opens {@code n} reader-endpoint connections one after another and returns where they landed. */
    private static Set<String> readers(String url, String user, String password, int n) throws SQLException {
        Set<String> hosts = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            try (Connection c = DriverManager.getConnection(url + "&readerEndpoint=true", user, password)) {
                hosts.add(c.unwrap(AuroraConnection.class).hostDescription());
            }
        }
        return hosts;
    }
}
