package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.TestClusterUnavailableException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster that is gone and a new one on its addresses (a test suite's clusters reuse loopback blocks; a recreated
 * cluster keeps its DNS names): the driver's context for those addresses outlives the first cluster, saw its writer
 * die, and must serve the second at once — the writer found, the topology read and kept current — whether its monitor
 * was still running when the second cluster came or had stopped for idleness.
 */
@Tag("integration")
class AddressReuseIT {
    private static final long REFRESH_MS = 1000;

    @ParameterizedTest(name = "{0}, monitor {1}")
    @CsvSource({"POSTGRESQL, running", "POSTGRESQL, stopped", "MYSQL, running", "MYSQL, stopped"})
    void aNewClusterOnTheAddressesOfOneThatIsGoneIsServedAtOnce(Engine engine, String monitor) throws Exception {
        boolean idleStop = monitor.equals("stopped");
        TestCluster first = start(engine, 0);
        int block = block(first);
        // The first cluster fails over once, so that its last topology names another writer than the new cluster's.
        // Its own context (an earlier test's cluster on the same addresses may have left one with other settings).
        String url = url(first, idleStop) + "&clusterId=address-reuse-" + engine + "-" + monitor + "-" + System.nanoTime();
        ClusterContext context;
        Connection open = null;
        try {
            first.failover();
            open = connect(first, url);
            context = WriterRoutingIT.contextOf(open);
            assertThat(WriterRoutingIT.writable(engine, open)).isTrue();
            awaitTopology(context, first, 10 * REFRESH_MS);
        } finally {
            first.close(); // with the connection open: the monitor sees the writer go
        }
        long lostDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (context.confirmedWriter().isPresent() && System.nanoTime() < lostDeadline) {
            WriterRoutingIT.sleep(20);
        }
        open.close();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((context.confirmedWriter().isPresent() || idleStop && context.monitorRunning()) && System.nanoTime() < deadline) {
            WriterRoutingIT.sleep(20);
        }
        assertThat(context.confirmedWriter()).as("the first cluster's writer is lost: %s", context).isEmpty();
        assertThat(context.monitorRunning()).as("the monitor: %s", context).isEqualTo(!idleStop);

        try (TestCluster second = start(engine, block)) {
            assertThat(url).startsWith(url(second, idleStop));
            long started = System.nanoTime();
            try (Connection c = connect(second, url)) {
                long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(WriterRoutingIT.contextOf(c)).as("the context of the first cluster serves the second").isSameAs(context);
                assertThat(c.unwrap(AuroraConnection.class).hostDescription()).isEqualTo(second.writer().address());
                assertThat(WriterRoutingIT.writable(engine, c)).isTrue();
                assertThat(took).as("connect time").isLessThan(3000);
                awaitTopology(context, second, 2 * REFRESH_MS + 1500);
                long confirmDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while (context.confirmedWriter().isEmpty() && System.nanoTime() < confirmDeadline) {
                    WriterRoutingIT.sleep(20);
                }
                assertThat(context.confirmedWriter().map(Object::toString)).as("the monitor confirmed the new writer")
                        .contains(second.writer().address());
                Node added = second.addReplica();
                awaitTopology(context, second, REFRESH_MS + 1500);
                assertThat(context.topology().hosts()).extracting(h -> h.address().toString()).contains(added.address());
            }
        }
    }

    /** A cluster of one writer and one replica on block {@code block}, or on a free one when {@code block} is 0. */
    private static TestCluster start(Engine engine, int block) {
        for (int attempt = 0; ; attempt++) {
            TestCluster.Builder b = TestCluster.builder(engine).replicas(1).autoFailover(null);
            int chosen = block > 0 ? block : 100 + ThreadLocalRandom.current().nextInt(150);
            try {
                return b.addressBlock(chosen).start();
            } catch (TestClusterUnavailableException e) {
                throw e; // not a taken block: the project's rule (PrerequisiteRule) applies
            } catch (TestClusterException e) {
                if (block > 0 || attempt >= 20) {
                    throw e;
                }
            }
        }
    }

    static int block(TestCluster cluster) {
        String address = cluster.writer().address(); // 127.0.B.x:port
        return Integer.parseInt(address.split("\\.")[2]);
    }

    private static String url(TestCluster cluster, boolean idleStop) {
        return cluster.auroraUrl() + "&topologyRefreshMs=" + REFRESH_MS + "&monitorIdleTimeoutMs=" + (idleStop ? 200 : 60_000);
    }

    private static Connection connect(TestCluster cluster, String url) throws SQLException {
        return DriverManager.getConnection(url, cluster.user(), cluster.password());
    }

    private static void awaitTopology(ClusterContext context, TestCluster cluster, long timeoutMs) {
        WriterRoutingIT.awaitTopology(context, () -> WriterRoutingIT.expectedRoles(cluster), timeoutMs);
    }
}
