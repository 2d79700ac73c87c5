package dev.aurorajdbc.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.TopologyHost;
import dev.aurorajdbc.testcluster.ContinuousWriter;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.NodeState;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Read/write splitting, reader load balancing and read-your-writes on a real 1 + 4 cluster (subclasses: one per
 * engine).
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ReadWriteSplittingIT {
    private final TestCluster cluster;

    ReadWriteSplittingIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void table() throws SQLException {
        try (Connection c = cluster.connect(cluster.writer()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS rw_rows (id BIGINT PRIMARY KEY, note VARCHAR(40))");
        }
    }

    private Connection connect(String params) throws SQLException {
        return DriverManager.getConnection(cluster.auroraUrl() + "&topologyRefreshMs=1000" + params, cluster.user(),
                cluster.password());
    }

    private static String host(Connection c) throws SQLException {
        return c.unwrap(AuroraConnection.class).hostDescription();
    }

    private Set<String> replicaAddresses() {
        return cluster.replicas().stream().map(Node::address).collect(Collectors.toSet());
    }

    /** Opens {@code n} reader-endpoint connections one after another and counts where they land. */
    private Map<String, Integer> spread(String params, int n) throws SQLException {
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            try (Connection c = connect("&readerEndpoint=true" + params)) {
                counts.merge(host(c), 1, Integer::sum);
            }
        }
        return counts;
    }

    @Test
    @Order(1)
    void roundRobinSpreadsTenThousandConnectionsEvenly() throws SQLException {
        int n = 10_000;
        Map<String, Integer> counts = spread("&readerStrategy=round-robin", n);
        assertThat(counts.keySet()).as("only replicas").isEqualTo(replicaAddresses());
        double even = (double) n / replicaAddresses().size();
        assertThat(counts.values()).as("each replica's share within ±20%% of even (%s)", counts)
                .allSatisfy(c -> assertThat((double) c).isBetween(even * 0.8, even * 1.2));
        System.out.printf("%s round robin over %d connections: %s%n", cluster.engine(), n, counts);
    }

    @Test
    @Order(2)
    void randomAndLowestLatencyUseOnlyReplicas() throws Exception {
        Map<String, Integer> random = spread("&readerStrategy=random", 800);
        assertThat(random.keySet()).isEqualTo(replicaAddresses());
        assertThat(random.values()).as("%s", random).allSatisfy(c -> assertThat(c).isBetween(100, 300));
        System.out.printf("%s random over 800 connections: %s%n", cluster.engine(), random);

        try (Connection first = connect("&readerEndpoint=true&readerStrategy=lowest-latency")) {
            ClusterContext context = ClusterContext.of(first.unwrap(AuroraConnection.class)).orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!allMeasured(context) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(allMeasured(context)).as("the monitor measured every replica's latency").isTrue();
            Map<String, Integer> fastest = spread("&readerStrategy=lowest-latency", 100);
            assertThat(replicaAddresses()).containsAll(fastest.keySet());
        }
    }

    private boolean allMeasured(ClusterContext context) {
        for (Node n : cluster.replicas()) {
            if (context.probeLatencyNanos(HostAddress.parse(n.address(), 0)) < 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    @Order(3)
    void leastConnectionsFillsTheReplicasEvenly() throws SQLException {
        List<Connection> open = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                open.add(connect("&readerEndpoint=true&readerStrategy=least-connections"));
            }
            Map<String, Integer> counts = new TreeMap<>();
            for (Connection c : open) {
                counts.merge(host(c), 1, Integer::sum);
            }
            assertThat(counts.keySet()).isEqualTo(replicaAddresses());
            assertThat(counts.values()).as("%s", counts).allSatisfy(c -> assertThat(c).isEqualTo(10));
        } finally {
            for (Connection c : open) {
                c.close();
            }
        }
    }

    @Test
    @Order(4)
    void aLaggingReplicaGetsNoReadsWithAOneSecondLagLimit() throws Exception {
        Node lagging = cluster.replicas().get(0);
        cluster.lag(lagging, Duration.ofSeconds(5));
        try (ContinuousWriter writer = new ContinuousWriter(cluster, "rw_lag_writes", 20).start();
             Connection probe = connect("&readerEndpoint=true&maxReplicaLagMs=1000")) {
            ClusterContext context = ClusterContext.of(probe.unwrap(AuroraConnection.class)).orElseThrow();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (lagOf(context, lagging) <= 1000 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(lagOf(context, lagging)).as("the topology reports the lag").isGreaterThan(1000);
            Map<String, Integer> counts = spread("&maxReplicaLagMs=1000", 200);
            assertThat(counts).as("%s", counts).doesNotContainKey(lagging.address());
            assertThat(counts.keySet()).hasSize(cluster.replicas().size() - 1);
            System.out.printf("%s with %s lagging %d ms and maxReplicaLagMs=1000, 200 connections: %s%n", cluster.engine(),
                    lagging.id(), lagOf(context, lagging), counts);
        } finally {
            cluster.lag(lagging, Duration.ZERO);
        }
    }

    private static long lagOf(ClusterContext context, Node node) {
        return context.topology().hosts().stream().filter(h -> h.address().toString().equals(node.address()))
                .mapToLong(TopologyHost::replicaLagMillis).findFirst().orElse(-1);
    }

    @Test
    @Order(5)
    void readYourWritesSeesNoStaleRowInTenThousandCyclesWithALaggingReplica() throws Exception {
        Node lagging = cluster.replicas().get(1);
        cluster.lag(lagging, Duration.ofSeconds(3));
        try (Statement s = cluster.connect(cluster.writer()).createStatement()) {
            s.execute("DELETE FROM rw_rows");
            s.getConnection().close();
        }
        List<Connection> connections = new ArrayList<>();
        Map<String, Integer> readsOn = new HashMap<>();
        int stale = 0;
        try {
            for (int i = 0; i < 4; i++) {
                connections.add(connect("&readWriteSplitting=true&readYourWrites=true"));
            }
            for (int cycle = 0; cycle < 10_000; cycle++) {
                Connection c = connections.get(cycle % connections.size());
                c.setReadOnly(false);
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rw_rows (id, note) VALUES (?, 'ryw')")) {
                    ps.setLong(1, cycle);
                    ps.executeUpdate();
                }
                c.setReadOnly(true);
                try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM rw_rows WHERE id = ?")) {
                    ps.setLong(1, cycle);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) != 1) {
                            stale++;
                        }
                    }
                }
                readsOn.merge(host(c), 1, Integer::sum);
            }
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            cluster.lag(lagging, Duration.ZERO);
        }
        assertThat(stale).as("stale reads (reads per host: %s)", readsOn).isZero();
        int onReplicas = readsOn.entrySet().stream().filter(e -> replicaAddresses().contains(e.getKey()))
                .mapToInt(Map.Entry::getValue).sum();
        assertThat(onReplicas).as("most reads went to replicas: %s", readsOn).isGreaterThan(9_000);
        System.out.printf("%s read-your-writes: reads per host %s%n", cluster.engine(), readsOn);
    }

    @Test
    @Order(6)
    void switchingIsRefusedInsideATransactionAndCostsNothingWhenUnchanged() throws SQLException {
        try (Connection c = connect("&readWriteSplitting=true")) {
            String writer = host(c);
            c.setReadOnly(true);
            String reader = host(c);
            assertThat(replicaAddresses()).contains(reader);
            c.setReadOnly(false);
            assertThat(host(c)).isEqualTo(writer);
            c.setReadOnly(true);
            assertThat(host(c)).as("the replica is reused").isEqualTo(reader);
            c.setReadOnly(false);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
            SQLException e = assertThrows(SQLException.class, () -> c.setReadOnly(true));
            assertThat(e.getSQLState()).isEqualTo(SqlStates.ACTIVE_SQL_TRANSACTION);
            c.rollback();
            c.setReadOnly(true);
            assertThat(host(c)).isEqualTo(reader);
            assertThat(c.getAutoCommit()).as("the session state followed the connection").isFalse();
            c.rollback();
        }
    }

    @Test
    @Order(7)
    void aReaderKilledMidReadFailsOverToAnotherReader() throws Exception {
        try (Connection c = connect("&readerEndpoint=true&failoverTimeoutMs=20000")) {
            String before = host(c);
            Node victim = cluster.node(before.substring(before.lastIndexOf('.') + 1, before.indexOf(':')));
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                cluster.kill(victim);
            });
            killer.start();
            String sleep = cluster.engine() == Engine.POSTGRESQL ? "SELECT pg_sleep(5)" : "SELECT SLEEP(5)";
            SQLException e;
            try (Statement s = c.createStatement()) {
                e = assertThrows(SQLException.class, () -> s.executeQuery(sleep));
            }
            killer.join();
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            String after = host(c);
            assertThat(after).isNotEqualTo(before);
            assertThat(replicaAddresses()).as("another replica").contains(after);
            assertThat(c.isReadOnly()).isTrue();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            cluster.start(victim);
            assertThat(victim.state()).isEqualTo(NodeState.RUNNING);
        }
        // The restarted replica rejoins the rotation: its failure must not keep it out once it answers again.
        long restarted = System.nanoTime();
        long deadline = restarted + TimeUnit.SECONDS.toNanos(10);
        Map<String, Integer> counts = spread("", 20);
        while (!counts.keySet().equals(replicaAddresses()) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            counts = spread("", 20);
        }
        System.out.printf("%s: the restarted replica back in the rotation after %d ms: %s%n", cluster.engine(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted), counts);
        String state;
        try (Connection c = connect("")) {
            state = String.valueOf(WriterRoutingIT.contextOf(c));
        }
        assertThat(counts.keySet()).as("every replica, the restarted one too, within 10 s (%s)", state).isEqualTo(replicaAddresses());
    }

    @Test
    @Order(8)
    void hikariWithASetReadOnlyToggleOnEveryBorrowUnderSixteenThreads() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.auroraUrl() + "&readWriteSplitting=true");
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.setMaximumPoolSize(16);
        config.setPoolName("aurora-rw");
        Queue<String> errors = new ConcurrentLinkedQueue<>();
        AtomicLong reads = new AtomicLong();
        AtomicLong readsOnReplicas = new AtomicLong();
        AtomicLong writes = new AtomicLong();
        AtomicLong ids = new AtomicLong(1_000_000);
        Set<String> replicas = replicaAddresses();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                Thread thread = new Thread(() -> {
                    for (int i = 0; i < 200; i++) {
                        try (Connection c = pool.getConnection()) {
                            if (i % 4 == 0) { // a read-write unit of work
                                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rw_rows (id, note) VALUES (?, 'pool')")) {
                                    ps.setLong(1, ids.incrementAndGet());
                                    ps.executeUpdate();
                                }
                                writes.incrementAndGet();
                            } else { // @Transactional(readOnly = true): the pool resets read-only on return
                                c.setReadOnly(true);
                                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM rw_rows")) {
                                    rs.next();
                                }
                                reads.incrementAndGet();
                                if (replicas.contains(host(c))) {
                                    readsOnReplicas.incrementAndGet();
                                }
                            }
                        } catch (SQLException e) {
                            errors.add(e.getSQLState() + " " + e.getMessage());
                        }
                    }
                });
                thread.start();
                threads.add(thread);
            }
            for (Thread t : threads) {
                t.join(TimeUnit.MINUTES.toMillis(3));
                assertThat(t.isAlive()).isFalse();
            }
        }
        assertThat(errors).isEmpty();
        assertThat(writes.get()).isEqualTo(16 * 50);
        assertThat(reads.get()).isEqualTo(16 * 150);
        assertThat(readsOnReplicas.get()).as("reads on replicas").isEqualTo(reads.get());
    }

    @Test
    @Order(9)
    void replicasAddedOrRemovedJoinOrLeaveTheRotation() throws Exception {
        Node added = cluster.addReplica();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            Map<String, Integer> counts = Map.of();
            while (System.nanoTime() < deadline) {
                counts = spread("", 20);
                if (counts.containsKey(added.address())) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(counts).as("the added replica joined the rotation").containsKey(added.address());
        } finally {
            cluster.removeReplica(added);
        }
        // Gone within one refresh interval and the metadata's own refresh.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Map<String, Integer> after = spread("", 20);
        while (after.containsKey(added.address()) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            after = spread("", 20);
        }
        assertThat(after).as("the removed replica left the rotation").doesNotContainKey(added.address());
    }

    /**
     * Read-your-writes across a replica's failure: the read-only period reads on a replica that replayed the session's
     * write; that replica dies, and every other replica lags 30 s behind. The read that fails over must not land on a
     * lagging replica (the write is not there: a stale read); it waits for one to replay the write, in vain here, and
     * reads on the writer.
     */
    @Test
    @Order(10)
    void aReadOnlyConnectionThatFailsOverKeepsReadingItsWrites() throws Exception {
        List<Node> lagging = new ArrayList<>();
        Node survivor = null;
        try (Connection c = connect("&readWriteSplitting=true&readYourWrites=true&readYourWritesTimeoutMs=1000"
                + "&failoverTimeoutMs=20000")) {
            c.setReadOnly(true);
            String reader = host(c);
            for (Node n : cluster.replicas()) {
                if (n.address().equals(reader)) {
                    survivor = n;
                } else {
                    cluster.lag(n, Duration.ofSeconds(30));
                    lagging.add(n);
                }
            }
            assertThat(survivor).as("the replica the connection reads on, " + reader).isNotNull();
            c.setReadOnly(false);
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rw_rows (id, note) VALUES (9000002, 'read your writes')");
            }
            c.setReadOnly(true);
            assertThat(host(c)).as("back on the replica that has the write").isEqualTo(reader);
            cluster.kill(survivor);
            String select = "SELECT note FROM rw_rows WHERE id = 9000002";
            SQLException failedOver;
            try (Statement s = c.createStatement()) {
                failedOver = assertThrows(SQLException.class, () -> s.executeQuery(select).close());
            }
            assertThat(failedOver.getSQLState()).as(failedOver.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
                assertThat(rs.next()).as("the session's write, read on " + host(c) + " (lagging: " + lagging + ")").isTrue();
            }
            assertThat(lagging.stream().map(Node::address)).as("not a lagging replica").doesNotContain(host(c));
        } finally {
            for (Node n : lagging) {
                cluster.lag(n, Duration.ZERO);
            }
            if (survivor != null && survivor.state() != NodeState.RUNNING) {
                cluster.start(survivor);
            }
        }
    }

    /**
     * Read-your-writes across read-only periods: the session writes, reads on a replica that replayed the write, goes
     * back to the writer and writes nothing more. Its replica dies and every other one lags 30 s behind. The next
     * read-only period has no new writes to locate, yet the replica it is given must still have the earlier one: it
     * reads the write (on the writer, since no replica has it), never a lagging replica's stale view.
     */
    @Test
    @Order(11)
    void aLaterReadOnlyPeriodWithoutNewWritesStillReadsTheEarlierOnes() throws Exception {
        List<Node> lagging = new ArrayList<>();
        Node first = null;
        try (Connection c = connect("&readWriteSplitting=true&readYourWrites=true&readYourWritesTimeoutMs=1000")) {
            c.setReadOnly(true);
            String reader = host(c);
            c.setReadOnly(false);
            for (Node n : cluster.replicas()) {
                if (n.address().equals(reader)) {
                    first = n;
                } else {
                    cluster.lag(n, Duration.ofSeconds(30));
                    lagging.add(n);
                }
            }
            assertThat(first).as("the replica the connection read on, " + reader).isNotNull();
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rw_rows (id, note) VALUES (9000003, 'an earlier period')");
            }
            c.setReadOnly(true);
            assertThat(host(c)).as("on the replica that has the write").isEqualTo(reader);
            c.setReadOnly(false);
            cluster.kill(first);
            c.setReadOnly(true);
            String select = "SELECT note FROM rw_rows WHERE id = 9000003";
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
                rs.close();
            } catch (SQLException e) {
                // Unless the driver has noticed the death already, the kept replica's connection is taken back and its
                // first statement fails over, as an idle connection's would.
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            }
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(select)) {
                assertThat(rs.next()).as("the earlier period's write, read on " + host(c) + " (lagging: " + lagging
                        + ")").isTrue();
            }
            assertThat(lagging.stream().map(Node::address)).as("not a lagging replica").doesNotContain(host(c));
        } finally {
            for (Node n : lagging) {
                cluster.lag(n, Duration.ZERO);
            }
            if (first != null && first.state() != NodeState.RUNNING) {
                cluster.start(first);
            }
        }
    }

    /**
     * Spring's read-only transaction on a HikariCP connection after a write, with the writer just killed: the driver's
     * own query for the writer's position (read-your-writes) meets the dead writer. It fails over as a statement of the
     * application's would, reads the position on the new writer, and the read-only period starts on a replica that has
     * replayed the write: {@code setReadOnly(true)} succeeds, the row is there, and no native exception escapes.
     * Runs last: it kills the writer.
     */
    @Test
    @Order(12)
    void setReadOnlyAfterAWriteWhileTheWriterIsDeadReadsTheWriteOnAReplica() throws Exception {
        try (Connection c = connect("&readWriteSplitting=true&readYourWrites=true&readYourWritesTimeoutMs=10000"
                + "&failoverTimeoutMs=30000")) {
            try (Statement s = c.createStatement()) {
                s.executeUpdate("INSERT INTO rw_rows (id, note) VALUES (9000001, 'before the kill')");
            }
            Node writer = cluster.writer();
            cluster.kill(writer);
            // The control plane fails over a moment later, while setReadOnly is under way.
            Thread promoter = new Thread(() -> {
                try {
                    Thread.sleep(300);
                    cluster.failover();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            promoter.start();
            try {
                c.setReadOnly(true);
            } finally {
                promoter.join();
            }
            assertThat(c.isReadOnly()).isTrue();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT note FROM rw_rows WHERE id = 9000001")) {
                assertThat(rs.next()).as("the write before the kill, read on " + host(c)).isTrue();
                assertThat(rs.getString(1)).isEqualTo("before the kill");
            }
            assertThat(replicaAddresses()).as("read on a replica").contains(host(c));
            c.setReadOnly(false);
            assertThat(host(c)).isEqualTo(cluster.writer().address());
        }
    }
}
