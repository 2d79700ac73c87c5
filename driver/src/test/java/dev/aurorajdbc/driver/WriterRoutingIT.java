package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The driver on a real cluster (subclasses: one per engine), with the Aurora metadata source and with the
 * self-managed replication source: every connection lands on the writer whichever node the URL names first, the
 * topology lists every node with its role, and replicas the control plane adds or removes appear or disappear
 * within one refresh interval.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WriterRoutingIT {
    private static final long REFRESH_MS = 1000;

    private final TestCluster cluster;

    WriterRoutingIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    /** The source names the driver must pick: "auto" detects the emulated Aurora metadata. */
    private String expectedSource(String source) {
        if (!source.equals("auto")) {
            return source;
        }
        return cluster.engine() == Engine.POSTGRESQL ? "aurora-postgresql" : "aurora-mysql";
    }

    private String selfManaged() {
        return cluster.engine() == Engine.POSTGRESQL ? "postgresql-streaming" : "mysql-replication";
    }

    /** A URL naming only {@code first}, the cluster's instance pattern, and the given source. */
    private String url(Node first, String source) {
        String base = cluster.auroraUrl();
        String params = base.substring(base.indexOf('?'));
        return "jdbc:aurora:" + cluster.engine().urlName() + "://" + first.address() + "/" + cluster.database() + params
                + "&topologySource=" + source + "&topologyRefreshMs=" + REFRESH_MS;
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, cluster.user(), cluster.password());
    }

    @ParameterizedTest(name = "topologySource={0}")
    @ValueSource(strings = {"auto", "self-managed"})
    @Order(1)
    void everyConnectionLandsOnTheWriterWhicheverNodeTheUrlNames(String source) throws SQLException {
        String s = source.equals("self-managed") ? selfManaged() : source;
        java.util.Set<ClusterContext> contexts = new java.util.HashSet<>();
        for (Node first : cluster.nodes()) {
            try (Connection c = connect(url(first, s))) {
                contexts.add(contextOf(c));
                AuroraConnection aurora = c.unwrap(AuroraConnection.class);
                assertThat(aurora.hostDescription()).as("URL naming node %s", first.id()).isEqualTo(cluster.writer().address());
                assertThat(writable(c)).isTrue();
                try (Statement st = c.createStatement()) {
                    assertThat(st.getConnection()).isSameAs(c);
                }
            }
        }
        assertThat(contexts).as("URLs spelled differently (another first host) share the cluster's one context").hasSize(1);
    }

    @ParameterizedTest(name = "topologySource={0}")
    @ValueSource(strings = {"auto", "self-managed"})
    @Order(2)
    void theTopologyListsEveryNodeWithItsRole(String source) throws SQLException {
        String s = source.equals("self-managed") ? selfManaged() : source;
        try (Connection c = connect(url(cluster.replicas().get(0), s))) {
            ClusterContext context = contextOf(c);
            assertThat(context.sourceName()).isEqualTo(expectedSource(s));
            awaitTopology(context, this::expected, 10 * REFRESH_MS);
        }
    }

    @ParameterizedTest(name = "topologySource={0}")
    @ValueSource(strings = {"auto", "self-managed"})
    @Order(3)
    void replicasAddedOrRemovedAppearOrDisappearWithinOneRefreshInterval(String source) throws SQLException {
        String s = source.equals("self-managed") ? selfManaged() : source;
        // Adding a replica loads this 2-core machine heavily (on the container backend, a MySQL 8 replica initialises
        // its data directory for ~4 s): the monitor's topology query on the writer then missed the default 1 s
        // probeTimeoutMs now and then, the next node asked was a replica whose copy of the emulated Aurora metadata
        // lagged ~10 s (on Aurora every instance reads the same metadata), and the new replica showed late. This test
        // is about topology changes, not hang detection (FailoverIT): its own context (a clusterId) with probe
        // timeouts that fit the machine's load.
        String url = url(cluster.writer(), s) + "&probeTimeoutMs=5000&clusterId=add-remove-" + source + "-" + cluster.name();
        try (Connection c = connect(url)) {
            ClusterContext context = contextOf(c);
            awaitTopology(context, this::expected, 10 * REFRESH_MS);
            Node added = cluster.addReplica();
            // One refresh interval, plus the metadata's own refresh (1 s) and a query's time.
            awaitTopology(context, this::expected, REFRESH_MS + 1500);
            assertThat(context.topology().hosts()).extracting(h -> h.address().toString()).contains(added.address());
            cluster.removeReplica(added);
            awaitTopology(context, this::expected, REFRESH_MS + 1500);
        }
    }

    @org.junit.jupiter.api.Test
    @Order(4)
    void wrongCredentialsFailWithTheServersCodeAndNoPasswordAnywhere() {
        String secret = "Wr0ng-S3cret-" + System.nanoTime();
        java.util.List<String> logged = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("dev.aurorajdbc");
        java.util.logging.Level level = root.getLevel();
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(java.util.logging.Level.ALL);
        root.setLevel(java.util.logging.Level.ALL);
        root.addHandler(capture);
        try {
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                    () -> DriverManager.getConnection(url(cluster.writer(), "auto"), cluster.user(), secret).close());
            assertThat(e.getSQLState()).isIn("28P01", "28000");
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
                assertThat(t.toString()).doesNotContain(secret);
            }
            assertThat(logged).noneMatch(line -> line.contains(secret));
        } finally {
            root.removeHandler(capture);
            root.setLevel(level);
        }
    }

    @org.junit.jupiter.api.Test
    @Order(5)
    void deregisteringADriverStopsItsMonitorThreads() throws SQLException {
        AuroraDriver own = new AuroraDriver();
        DriverManager.registerDriver(own, own.clusters()::shutdown);
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        try (Connection c = own.connect(url(cluster.writer(), "auto") + "&clusterId=deregister-" + cluster.name(), p)) {
            ClusterContext context = contextOf(c);
            assertThat(context.monitorRunning()).isTrue();
            DriverManager.deregisterDriver(own);
            assertThat(context.monitorRunning()).as("the monitor stopped with the driver's deregistration").isFalse();
            String name = "aurora-jdbc-monitor-" + context.name();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (monitorThreadAlive(name) && System.nanoTime() < deadline) {
                sleep(20);
            }
            assertThat(monitorThreadAlive(name)).as("thread %s ended", name).isFalse();
        }
    }

    @org.junit.jupiter.api.Test
    @Order(6)
    void noWriterWithinTheFailoverTimeoutGives08001AndTheConnectionRecoversWhenTheWriterReturns() throws SQLException {
        long failoverTimeoutMs = 1500;
        long connectTimeoutMs = 2000;
        Node writer = cluster.writer(); // this cluster has no watchdog: a stopped writer stays stopped
        try (Connection c = connect(url(writer, "auto") + "&failoverTimeoutMs=" + failoverTimeoutMs
                + "&connectTimeoutMs=" + connectTimeoutMs)) {
            assertThat(writable(c)).isTrue();
            cluster.stop(writer);
            long started = System.nanoTime();
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> writable(c));
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.UNABLE_TO_CONNECT);
            assertThat(e.getMessage()).contains("failoverTimeoutMs").contains(writer.address());
            assertThat((Throwable) e).isInstanceOf(java.sql.SQLTransientConnectionException.class);
            assertThat(took).as("bounded by failoverTimeoutMs + connectTimeoutMs").isLessThan(failoverTimeoutMs + connectTimeoutMs);
            assertThat(took).as("it waited for a writer").isGreaterThanOrEqualTo(failoverTimeoutMs);

            cluster.start(writer);
            // The monitor finds the writer back (its breaker lets a probe through at most 2 s after the last failure),
            // then the next call fails over again, now successfully, and the one after it works.
            ClusterContext context = contextOf(c);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!context.confirmedWriter().map(h -> h.toString().equals(writer.address())).orElse(false)
                    && System.nanoTime() < deadline) {
                sleep(20);
            }
            assertThat(context.confirmedWriter()).as("the writer is confirmed again").isPresent();
            SQLException again = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> writable(c));
            assertThat(again.getSQLState()).as(again.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            assertThat(writable(c)).isTrue();
            assertThat(c.unwrap(AuroraConnection.class).hostDescription()).isEqualTo(writer.address());
        }
    }

    /**
     * The monitor stops after its idle grace period; a writer that moves while nobody watches must not strand the next
     * connection on the cached, now demoted writer (which answers as a replica) until the connect timeout.
     */
    @ParameterizedTest(name = "topologySource={0}")
    @ValueSource(strings = {"auto", "self-managed"})
    @Order(7)
    void aConnectionAfterTheMonitorsIdleStopReachesAWriterThatMovedMeanwhile(String source) throws SQLException {
        long connectTimeoutMs = 5000;
        String url = url(cluster.writer(), source.equals("auto") ? source : selfManaged()) + "&monitorIdleTimeoutMs=200"
                + "&connectTimeoutMs=" + connectTimeoutMs + "&clusterId=idle-" + source + "-" + cluster.name();
        ClusterContext context;
        try (Connection c = connect(url)) {
            assertThat(writable(c)).isTrue();
            context = contextOf(c);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (context.monitorRunning() && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(context.monitorRunning()).as("the monitor stopped after its idle grace period").isFalse();
        Node old = cluster.writer();
        cluster.failover(); // the old writer comes back as a replica: the stale view names a node that refuses writes
        Node now = cluster.writer();
        assertThat(now.id()).isNotEqualTo(old.id());

        long started = System.nanoTime();
        try (Connection c = connect(url)) {
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(c.unwrap(AuroraConnection.class).hostDescription()).isEqualTo(now.address());
            assertThat(writable(c)).isTrue();
            assertThat(took).as("connected without waiting out the connect timeout on the demoted writer")
                    .isLessThan(connectTimeoutMs / 2);
        }
    }

    /**
     * Slow is not dead: a writer that misses one probe (hung 1.5 s here, with 1 s probe timeouts) is asked again on a
     * new connection, answers, and nothing fails over: no writer change, the open connection works on. A writer that
     * stays hung is still lost within the probe interval plus two probe timeouts.
     */
    @org.junit.jupiter.api.Test
    @Order(8)
    void aWriterThatMissesOneProbeIsNotFailedOverAndOneThatStaysHungIsLost() throws Exception {
        long probeIntervalMs = 200;
        long probeTimeoutMs = 1000;
        String url = url(cluster.writer(), "auto") + "&hostProbeIntervalMs=" + probeIntervalMs + "&probeTimeoutMs="
                + probeTimeoutMs + "&clusterId=slow-writer-" + cluster.name();
        java.util.List<AuroraListener.WriterChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        String name = "slow-writer-" + cluster.name();
        AuroraListener listener = new AuroraListener() {
            @Override
            public void writerChanged(WriterChange change) {
                if (change.cluster().equals(name)) {
                    changes.add(change);
                }
            }
        };
        AuroraDriver.registered().clusters().addListener(listener);
        Node writer = cluster.writer();
        try (Connection c = connect(url)) {
            ClusterContext context = contextOf(c);
            assertThat(writable(c)).isTrue();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (context.confirmedWriter().isEmpty() && System.nanoTime() < deadline) {
                sleep(20);
            }
            assertThat(context.confirmedWriter().map(Object::toString)).contains(writer.address());

            cluster.hang(writer);
            sleep(1500);
            cluster.resume(writer);
            sleep(2 * probeTimeoutMs + probeIntervalMs); // past any probe and trial of the blip
            assertThat(changes).as("writer changes after a 1.5 s blip (%s)", context).isEmpty();
            assertThat(writable(c)).as("the open connection works on, no failover").isTrue();
            assertThat(context.confirmedWriter().map(Object::toString)).contains(writer.address());

            cluster.hang(writer);
            long hung = System.nanoTime();
            deadline = hung + TimeUnit.SECONDS.toNanos(10);
            while (changes.isEmpty() && System.nanoTime() < deadline) {
                sleep(10);
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - hung);
            assertThat(changes).as("the writer lost (%s)", context).isNotEmpty();
            assertThat(changes.get(0).newWriter()).isNull();
            System.out.printf("%s: a writer hung for good is lost after %d ms (%s)%n", cluster.engine(), took,
                    changes.get(0).reason());
            assertThat(took).as("within the probe interval and two probe timeouts, and scheduling slack")
                    .isLessThan(probeIntervalMs + 2 * probeTimeoutMs + 1000);
        } finally {
            AuroraDriver.registered().clusters().removeListener(listener);
            if (writer.state() == dev.aurorajdbc.testcluster.NodeState.HUNG) {
                cluster.resume(writer);
            }
        }
    }

    /**
     * A writer lost for not answering (hung past two probe timeouts, nobody promoting) keeps its connections for
     * {@code stalledWriterGraceMs} in case it was only stalled: a transaction open across the stall commits once it
     * answers again. Hung past the grace, they are aborted then (not before), and a call stuck on it fails over back to
     * it once it answers: {@code 08S02}.
     */
    @org.junit.jupiter.api.Test
    @Order(9)
    void aWriterLostForNotAnsweringKeepsItsConnectionsForTheGrace() throws Exception {
        long graceMs = 3000;
        String name = "stalled-writer-" + cluster.name();
        String url = url(cluster.writer(), "auto") + "&hostProbeIntervalMs=200&probeTimeoutMs=500&stalledWriterGraceMs="
                + graceMs + "&failoverTimeoutMs=30000&clusterId=" + name;
        java.util.List<AuroraListener.WriterChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<Long> changedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.List<AuroraListener.ConnectionFailover> failovers = new java.util.concurrent.CopyOnWriteArrayList<>();
        AuroraListener listener = new AuroraListener() {
            @Override
            public void writerChanged(WriterChange change) {
                if (change.cluster().equals(name)) {
                    changedAt.add(System.nanoTime());
                    changes.add(change);
                }
            }

            @Override
            public void connectionFailedOver(ConnectionFailover failover) {
                if (failover.cluster().equals(name)) {
                    failovers.add(failover);
                }
            }
        };
        AuroraDriver.registered().clusters().addListener(listener);
        Node writer = cluster.writer();
        Thread resumer = null;
        try (Connection c = connect(url); Connection admin = cluster.connect(writer); Statement a = admin.createStatement()) {
            a.execute("CREATE TABLE IF NOT EXISTS stalled_rows (id BIGINT PRIMARY KEY)");
            a.execute("DELETE FROM stalled_rows");
            ClusterContext context = contextOf(c);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (context.confirmedWriter().isEmpty() && System.nanoTime() < deadline) {
                sleep(20);
            }
            assertThat(context.confirmedWriter().map(Object::toString)).contains(writer.address());

            c.setAutoCommit(false);
            insertStalled(c, 1);
            cluster.hang(writer);
            awaitChanges(changes, 1, 5000);
            assertThat(changes.get(0).newWriter()).as("lost, no new writer (%s)", context).isNull();
            sleep(500);
            cluster.resume(writer);
            insertStalled(c, 2); // the same transaction, on the same native connection
            c.commit();
            try (ResultSet rs = a.executeQuery("SELECT COUNT(*) FROM stalled_rows")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the transaction open across the stall committed").isEqualTo(2);
            }
            awaitChanges(changes, 2, 5000);
            assertThat(changes.get(1).newWriter()).as("the writer is back (%s)", context).hasToString(writer.address());
            assertThat(failovers).as("nothing failed over").isEmpty();

            c.setAutoCommit(true);
            changes.clear();
            changedAt.clear();
            cluster.hang(writer);
            resumer = new Thread(() -> {
                try { // resumes in any case, so that the call below returns
                    awaitChanges(changes, 1, 5000);
                    sleep(graceMs + 2500);
                } finally {
                    cluster.resume(writer);
                }
            }, "resumer");
            resumer.start();
            SQLException failure = null;
            try {
                insertStalled(c, 3); // blocks on the hung writer until its connections are aborted
            } catch (SQLException e) {
                failure = e;
            }
            long returned = System.nanoTime();
            resumer.join(TimeUnit.SECONDS.toMillis(30));
            assertThat((Throwable) failure).as("the call stuck on the writer hung past the grace").isNotNull();
            assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            assertThat(failovers).hasSize(1);
            long abortedAfterLostMs = TimeUnit.NANOSECONDS.toMillis(
                    returned - TimeUnit.MILLISECONDS.toNanos(failovers.get(0).waitedMillis()) - changedAt.get(0));
            System.out.printf("%s: connections kept on a writer lost for not answering were aborted %d ms after it was"
                    + " lost (stalledWriterGraceMs=%d)%n", cluster.engine(), abortedAfterLostMs, graceMs);
            assertThat(abortedAfterLostMs).as("aborted when the grace ended, not before").isBetween(graceMs - 50, graceMs + 1500);
            assertThat(c.unwrap(AuroraConnection.class).hostDescription()).isEqualTo(writer.address());
            assertThat(writable(c)).isTrue();
        } finally {
            AuroraDriver.registered().clusters().removeListener(listener);
            if (resumer != null) {
                resumer.join(TimeUnit.SECONDS.toMillis(30));
            }
            if (writer.state() == dev.aurorajdbc.testcluster.NodeState.HUNG) {
                cluster.resume(writer);
            }
        }
    }

    private static void insertStalled(Connection c, long id) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO stalled_rows (id) VALUES (" + id + ")");
        }
    }

    private static void awaitChanges(java.util.List<?> changes, int count, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (changes.size() < count && System.nanoTime() < deadline) {
            sleep(10);
        }
        assertThat(changes).as("writer changes after %d ms", timeoutMs).hasSizeGreaterThanOrEqualTo(count);
    }

    private static boolean monitorThreadAlive(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private Map<String, HostRole> expected() {
        return expectedRoles(cluster);
    }

    /** Every node of {@code cluster} by address, with the role the cluster gave it. */
    static Map<String, HostRole> expectedRoles(TestCluster cluster) {
        Map<String, HostRole> roles = new TreeMap<>();
        for (Node n : cluster.nodes()) {
            roles.put(n.address(), n.isWriter() ? HostRole.WRITER : HostRole.READER);
        }
        return roles;
    }

    private static Map<String, HostRole> roles(Topology t) {
        Map<String, HostRole> roles = new TreeMap<>();
        for (TopologyHost h : t.hosts()) {
            roles.put(h.address().toString(), h.role());
        }
        return roles;
    }

    /** Waits up to {@code timeoutMs} for the context's topology to list the expected roles, and asserts it does. */
    static void awaitTopology(ClusterContext context, Supplier<Map<String, HostRole>> expected, long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!roles(context.topology()).equals(expected.get()) && System.nanoTime() < deadline) {
            sleep(20);
        }
        assertThat(roles(context.topology())).as("the driver's topology after %d ms (%s)", timeoutMs, context).isEqualTo(expected.get());
    }

    static ClusterContext contextOf(Connection c) throws SQLException {
        return ClusterContext.of(c.unwrap(AuroraConnection.class)).orElseThrow();
    }

    private boolean writable(Connection c) throws SQLException {
        return writable(cluster.engine(), c);
    }

    /** Whether the node {@code c} is on takes writes. */
    static boolean writable(Engine engine, Connection c) throws SQLException {
        String sql = engine == Engine.POSTGRESQL ? "SELECT NOT pg_is_in_recovery()" : "SELECT @@read_only = 0";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
