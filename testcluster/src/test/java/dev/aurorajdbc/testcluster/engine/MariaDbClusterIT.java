package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MariaDB engine against real servers: a writer and two replicas on 127.0.42.11–13 as local processes.
 * Every wait polls a condition until a deadline. Timings of each operation are printed at the end.
 */
@Tag("integration")
class MariaDbClusterIT {
    static final Duration OP_TIMEOUT = Duration.ofSeconds(120);
    static final Duration VISIBLE_WITHIN = Duration.ofSeconds(30);
    /** A trivial metadata double: no extra option-file lines, nothing installed. */
    static final AuroraMetadata NO_METADATA = new AuroraMetadata() {
        @Override
        public List<String> nodeConfig(String nodeId) {
            return List.of();
        }

        @Override
        public void install(Connection writerAdmin) {
        }

        @Override
        public void publish(Connection writerAdmin, List<InstanceStatus> instances) {
        }
    };
    private static final Map<String, List<Long>> TIMINGS = new ConcurrentHashMap<>();
    private static final AtomicInteger CLUSTERS = new AtomicInteger();
    private static volatile boolean firstClusterOfJvm = true;

    private LocalBackend backend;
    private MariaDbEngine engine;
    private ClusterConfig config;
    private NodeRuntime n11;
    private NodeRuntime n12;
    private NodeRuntime n13;

    @BeforeAll
    static void requireBinaries() {
        binariesOrAbort(MariaDbBinaries::locate);
    }

    /** The binaries, or an aborted test (a failed one in CI) naming what is missing and how to get it. */
    static Binaries binariesOrAbort(java.util.function.Supplier<Binaries> locator) {
        try {
            return locator.get();
        } catch (TestClusterException e) {
            throw dev.aurorajdbc.testcluster.junit.TestClusterExtension.unavailable("MariaDB server binaries are missing", e);
        }
    }

    @AfterEach
    void down() {
        if (backend != null) {
            backend.close();
        }
    }

    @AfterAll
    static void printTimings() {
        StringBuilder sb = new StringBuilder("MariaDB engine timings on this machine (ms):\n");
        new TreeMap<>(TIMINGS).forEach((op, ms) -> sb.append(String.format("  %-40s %s%n", op, ms)));
        System.out.print(sb);
    }

    // ------------------------------------------------------------------------------------------------ tests

    @Test
    void writesReplicateAndTheApplicationCannotWriteOnReplicas() throws Exception {
        up(false);
        insert(n11, 1);
        awaitRows(n12, 1);
        awaitRows(n13, 1);

        assertThatThrownBy(() -> insert(n12, 2))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));
        assertThat(rows(n12)).containsExactly(1);

        try (Connection w = engine.admin(n11, OP_TIMEOUT); Connection r = engine.admin(n12, OP_TIMEOUT)) {
            assertThat(engine.isWritable(w)).isTrue();
            assertThat(engine.isWritable(r)).isFalse();
            long writerPos = engine.receivedPosition(w);
            assertThat(writerPos).isPositive().isEqualTo(engine.appliedPosition(w));
            await("replica 12 applies position " + writerPos, () -> sql(() -> engine.appliedPosition(r) == writerPos));
            assertThat(engine.receivedPosition(r)).isEqualTo(writerPos);
            assertThat(engine.replicaLagMillis(w)).isZero();
            assertThat(engine.replicaLagMillis(r)).isZero();
        }
        // The application user may read the replication status a driver needs, on a replica too.
        try (Connection app = app(n12); Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("Master_Host")).isEqualTo(n11.serverHost());
        }
    }

    @Test
    void failoverAfterACleanStopAndRejoin() throws Exception {
        up(false);
        insert(n11, 1);
        awaitRows(n13, 1);

        time("stop", () -> engine.stop(n11, OP_TIMEOUT));
        assertThat(n11.serverAlive()).isFalse();
        time("promote", () -> engine.promote(n12, config, OP_TIMEOUT));
        time("follow", () -> engine.follow(n13, n12, config, OP_TIMEOUT));
        insert(n12, 2);
        time("rejoin (clean stop)", () -> engine.rejoin(n11, n12, config, OP_TIMEOUT));

        assertCluster(n12, List.of(n11, n13), 1, 2);
    }

    @Test
    void failoverAfterSigkillAndRejoinTwice() throws Exception {
        up(false);
        for (int i = 1; i <= 20; i++) {
            insert(n11, i);
        }
        awaitRows(n12, range(1, 20));
        awaitRows(n13, range(1, 20));

        kill(n11);
        time("promote", () -> engine.promote(n12, config, OP_TIMEOUT));
        time("follow", () -> engine.follow(n13, n12, config, OP_TIMEOUT));
        insert(n12, 21);
        time("rejoin (SIGKILL)", () -> engine.rejoin(n11, n12, config, OP_TIMEOUT));
        assertCluster(n12, List.of(n11, n13), range(1, 21));

        // The rejoined node can be the writer again; the killed one rejoins under it.
        kill(n12);
        time("promote", () -> engine.promote(n11, config, OP_TIMEOUT));
        time("follow", () -> engine.follow(n13, n11, config, OP_TIMEOUT));
        insert(n11, 22);
        time("rejoin (SIGKILL)", () -> engine.rejoin(n12, n11, config, OP_TIMEOUT));
        assertCluster(n11, List.of(n12, n13), range(1, 22));
    }

    @Test
    void anOldWriterWithTransactionsNoReplicaReceivedIsRecloned() throws Exception {
        up(false);
        insert(n11, 1);
        awaitRows(n12, 1);
        awaitRows(n13, 1);
        for (NodeRuntime replica : List.of(n12, n13)) {
            try (Connection c = engine.admin(replica, OP_TIMEOUT); Statement st = c.createStatement()) {
                st.execute("STOP SLAVE IO_THREAD");
            }
        }
        insert(n11, 2); // committed on the asynchronous writer only
        kill(n11);

        engine.promote(n12, config, OP_TIMEOUT);
        engine.follow(n13, n12, config, OP_TIMEOUT);
        insert(n12, 3);
        time("rejoin (diverged: re-clone)", () -> engine.rejoin(n11, n12, config, OP_TIMEOUT));

        assertCluster(n12, List.of(n11, n13), 1, 3);
        assertThat(rows(n11)).doesNotContain(2);
        assertThat(copiedByBackup(n11)).isEqualTo(MariaDbBinaries.locate().tool("mariadb-backup") != null);

        // The copy is a full member: it can be the writer, and the others (copies too) follow it.
        kill(n12);
        engine.promote(n11, config, OP_TIMEOUT);
        engine.follow(n13, n11, config, OP_TIMEOUT);
        insert(n11, 4);
        engine.rejoin(n12, n11, config, OP_TIMEOUT);
        assertCluster(n11, List.of(n12, n13), 1, 3, 4);
    }

    /** Whether the node's data directory came from mariadb-backup (which leaves its info file there). */
    private static boolean copiedByBackup(NodeRuntime node) {
        return node.readFile("xtrabackup_info") != null || node.readFile("mariadb_backup_info") != null;
    }

    @Test
    void semiSyncCommitsWithOneReplicaDownAndTheCommittedRowIsOnThePromotedReplica() throws Exception {
        up(true);
        time("configureSync", () -> engine.configureSync(n11, List.of(n12, n13), config, OP_TIMEOUT));
        try (Connection w = engine.admin(n11, OP_TIMEOUT)) {
            assertThat(status(w, "Rpl_semi_sync_master_status")).isEqualTo("ON");
            await("both replicas acknowledge", () -> sql(() -> Integer.parseInt(status(w, "Rpl_semi_sync_master_clients")) == 2));
        }
        engine.stop(n13, OP_TIMEOUT);
        // Reconfiguring with a standby that is down skips it rather than failing.
        engine.configureSync(n11, List.of(n12, n13), config, OP_TIMEOUT);

        long acknowledgedBefore;
        try (Connection w = engine.admin(n11, OP_TIMEOUT)) {
            acknowledgedBefore = Long.parseLong(status(w, "Rpl_semi_sync_master_yes_tx"));
        }
        for (int i = 1; i <= 10; i++) {
            long started = System.nanoTime();
            insert(n11, i);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).as("commit %d", i).isLessThan(5_000);
        }
        try (Connection w = engine.admin(n11, OP_TIMEOUT)) {
            assertThat(Long.parseLong(status(w, "Rpl_semi_sync_master_yes_tx")) - acknowledgedBefore)
                    .as("commits acknowledged by a replica").isGreaterThanOrEqualTo(10);
            assertThat(status(w, "Rpl_semi_sync_master_no_tx")).isEqualTo("0");
        }
        kill(n11); // right after the last commit: no time for anything to trickle over
        time("promote (semi-sync)", () -> engine.promote(n12, config, OP_TIMEOUT));
        assertThat(rows(n12)).as("every acknowledged commit is on the promoted replica").containsAll(range(1, 10));

        // The new writer is semi-sync too: with no replica connected a commit waits...
        CompletableFuture<Void> pending = CompletableFuture.runAsync(() -> {
            try {
                insert(n12, 11);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() < deadline) {
            assertThat(pending).as("a commit without any connected semi-sync replica").isNotDone();
            Thread.sleep(50);
        }
        // ...until one follows and acknowledges it.
        engine.start(n13, OP_TIMEOUT);
        engine.follow(n13, n12, config, OP_TIMEOUT);
        pending.get(VISIBLE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        engine.rejoin(n11, n12, config, OP_TIMEOUT);
        engine.configureSync(n12, List.of(n11, n13), config, OP_TIMEOUT);
        assertCluster(n12, List.of(n11, n13), range(1, 11));
    }

    @Test
    void setLagDelaysVisibilityOnThatReplicaOnly() throws Exception {
        up(false);
        time("setLag", () -> engine.setLag(n13, Duration.ofSeconds(2), OP_TIMEOUT));
        long committed = System.nanoTime();
        insert(n11, 1);
        awaitRows(n12, 1);
        assertThat(rows(n13)).as("on the delayed replica while visible on the other").isEmpty();
        try (Connection r = engine.admin(n13, OP_TIMEOUT)) {
            await("the delayed replica receives before it applies",
                    () -> sql(() -> engine.receivedPosition(r) > engine.appliedPosition(r)));
            long[] lag = new long[1];
            await("the delayed replica reports its lag", () -> sql(() -> (lag[0] = engine.replicaLagMillis(r)) > 0));
            assertThat(lag[0]).isBetween(1000L, 2000L);
        }
        awaitRows(n13, 1);
        long delay = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - committed);
        record("visibility delay with setLag(2 s)", delay);
        // MASTER_DELAY=2 compares whole-second timestamps: the delay is between 1 and 2 s (plus polling).
        assertThat(delay).isGreaterThanOrEqualTo(950);

        engine.setLag(n13, Duration.ZERO, OP_TIMEOUT);
        long again = System.nanoTime();
        insert(n11, 2);
        awaitRows(n13, 1, 2);
        long undelayed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - again);
        record("visibility delay after setLag(0)", undelayed);
        assertThat(undelayed).isLessThan(950);
    }

    // ------------------------------------------------------------------------------------------------ cluster

    private void up(boolean sync) throws SQLException {
        // A cluster id of its own per test: a closed backend's cleanup of its directory runs on after close().
        String clusterId = "maria-it-" + CLUSTERS.incrementAndGet();
        backend = new LocalBackend(clusterId, engine -> MariaDbBinaries.locate());
        engine = new MariaDbEngine(NO_METADATA);
        // Passwords with a quote and a backslash: escaping is exercised on every statement that carries one.
        config = new ClusterConfig(Engine.MYSQL, clusterId, "app", "app", "app'pw\\1", "admin", "adm'pw\\2", sync);
        n11 = backend.create(Engine.MYSQL, "11", "127.0.42.11", freePort("127.0.42.11"));
        n12 = backend.create(Engine.MYSQL, "12", "127.0.42.12", freePort("127.0.42.12"));
        n13 = backend.create(Engine.MYSQL, "13", "127.0.42.13", freePort("127.0.42.13"));
        String label = firstClusterOfJvm ? "initWriter (first of the JVM: install-db)" : "initWriter (template)";
        firstClusterOfJvm = false;
        time(label, () -> engine.initWriter(n11, config, OP_TIMEOUT));
        try (Connection app = app(n11); Statement st = app.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(40))");
        }
        time("initReplica", () -> engine.initReplica(n12, n11, config, OP_TIMEOUT));
        time("initReplica", () -> engine.initReplica(n13, n11, config, OP_TIMEOUT));
        assertThat(copiedByBackup(n12)).as("replica 12 copied with mariadb-backup (binaries %s)", MariaDbBinaries.locate())
                .isEqualTo(MariaDbBinaries.locate().tool("mariadb-backup") != null);
        // A restart of a replica keeps its role and replication.
        time("stop", () -> engine.stop(n13, OP_TIMEOUT));
        time("start", () -> engine.start(n13, OP_TIMEOUT));
    }

    /** Exactly {@code writer} is writable; every replica replicates from it, runs both threads and has the rows. */
    private void assertCluster(NodeRuntime writer, List<NodeRuntime> replicas, Integer... expected) throws Exception {
        assertCluster(writer, replicas, Set.of(expected));
    }

    private void assertCluster(NodeRuntime writer, List<NodeRuntime> replicas, Set<Integer> expected) throws Exception {
        try (Connection w = engine.admin(writer, OP_TIMEOUT)) {
            assertThat(engine.isWritable(w)).as("node %s writable", writer.id()).isTrue();
            assertThat(MariaDbEngine.SlaveStatus.read(w)).as("the writer replicates from nobody").isNull();
        }
        int marker = 1000 + (int) (System.nanoTime() % 1000);
        insert(writer, marker);
        Set<Integer> all = new TreeSet<>(expected);
        all.add(marker);
        assertThat(rows(writer)).containsAll(all);
        for (NodeRuntime replica : replicas) {
            try (Connection r = engine.admin(replica, OP_TIMEOUT)) {
                assertThat(engine.isWritable(r)).as("node %s writable", replica.id()).isFalse();
                MariaDbEngine.SlaveStatus s = MariaDbEngine.SlaveStatus.read(r);
                assertThat(s).as("node %s replicates", replica.id()).isNotNull();
                assertThat(s.masterHost() + ":" + s.masterPort()).as("node %s's writer", replica.id())
                        .isEqualTo(writer.serverHost() + ":" + writer.serverPort());
                await("node " + replica.id() + " runs both replication threads",
                        () -> sql(() -> {
                            MariaDbEngine.SlaveStatus now = MariaDbEngine.SlaveStatus.read(r);
                            return now.ioRunning() && now.sqlRunning();
                        }));
            }
            awaitRows(replica, all);
            assertThat(rows(replica)).as("node %s has exactly the writer's rows", replica.id()).isEqualTo(rows(writer));
        }
    }

    private void kill(NodeRuntime node) {
        node.signal(NodeRuntime.Signal.KILL);
        assertThat(node.awaitExit(OP_TIMEOUT)).isTrue();
    }

    private Connection app(NodeRuntime node) throws SQLException {
        return DriverManager.getConnection(engine.jdbcUrl(node.serverHost(), node.serverPort(), config), config.user(), config.password());
    }

    private void insert(NodeRuntime node, int id) throws SQLException {
        try (Connection c = app(node); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO t (id, note) VALUES (" + id + ", 'row " + id + "')");
        }
    }

    private Set<Integer> rows(NodeRuntime node) throws SQLException {
        Set<Integer> ids = new TreeSet<>();
        try (Connection c = app(node); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM t")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    private void awaitRows(NodeRuntime node, Integer... ids) {
        awaitRows(node, Set.of(ids));
    }

    private void awaitRows(NodeRuntime node, Set<Integer> ids) {
        await("node " + node.id() + " has rows " + ids, () -> sql(() -> rows(node).containsAll(ids)));
    }

    private static Set<Integer> range(int from, int to) {
        Set<Integer> ids = new TreeSet<>();
        for (int i = from; i <= to; i++) {
            ids.add(i);
        }
        return ids;
    }

    private static String status(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
            assertThat(rs.next()).as("status variable %s", name).isTrue();
            return rs.getString(2);
        }
    }

    // ------------------------------------------------------------------------------------------------ utilities

    static int freePort(String host) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Polls {@code condition} every 20 ms until it holds, failing after {@link #VISIBLE_WITHIN}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + VISIBLE_WITHIN.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + VISIBLE_WITHIN.toSeconds() + " s: " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting: " + what, e);
            }
        }
    }

    interface SqlCondition {
        boolean get() throws SQLException;
    }

    /** A condition that counts an SQL error (e.g. a server not up yet) as "not yet". */
    static boolean sql(SqlCondition condition) {
        try {
            return condition.get();
        } catch (SQLException e) {
            return false;
        }
    }

    static void time(String operation, Runnable action) {
        long started = System.nanoTime();
        action.run();
        record(operation, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    static void record(String operation, long millis) {
        TIMINGS.computeIfAbsent(operation, k -> java.util.Collections.synchronizedList(new ArrayList<>())).add(millis);
    }
}
