package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.aurorajdbc.testcluster.engine.PostgresTestCluster.OP;
import static dev.aurorajdbc.testcluster.engine.PostgresTestCluster.WAIT;
import static dev.aurorajdbc.testcluster.engine.PostgresTestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A writer and two replicas of real PostgreSQL servers through failover, rejoin, synchronous commit and lag. */
@Tag("integration")
class PostgresEngineIT {
    private static Binaries binaries;
    private PostgresTestCluster cluster;
    private NodeRuntime w;
    private NodeRuntime r1;
    private NodeRuntime r2;

    @BeforeAll
    static void binaries() {
        binaries = PostgresTestCluster.binariesOrSkip();
    }

    @BeforeEach
    void cluster(TestInfo test) throws SQLException {
        String name = "pgit-" + test.getTestMethod().orElseThrow().getName().replaceAll("[^A-Za-z]", "").toLowerCase(java.util.Locale.ROOT);
        cluster = new PostgresTestCluster(name.substring(0, Math.min(name.length(), 24)), 11, binaries, "w", "r1", "r2").startAll();
        w = cluster.node(0);
        r1 = cluster.node(1);
        r2 = cluster.node(2);
        cluster.createTable(w);
    }

    @AfterEach
    void close() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void replicasReceiveWritesAndRefuseTheirOwn() throws SQLException {
        cluster.insert(w, 1);
        cluster.awaitRows(r1, 1);
        cluster.awaitRows(r2, 1);

        for (NodeRuntime replica : List.of(r1, r2)) {
            try (Connection c = cluster.app(replica); Statement s = c.createStatement()) {
                assertThatThrownBy(() -> s.execute("INSERT INTO t VALUES (2, 'on a replica')"))
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("25006"));
            }
            assertThat(cluster.writable(replica)).isFalse();
        }
        assertThat(cluster.writable(w)).isTrue();

        // The writer sees both standbys by their node ids.
        try (Connection c = cluster.admin(w); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT application_name, state FROM pg_stat_replication ORDER BY 1")) {
            Map<String, String> senders = new TreeMap<>();
            while (rs.next()) {
                senders.put(rs.getString(1), rs.getString(2));
            }
            assertThat(senders).containsExactly(Map.entry("r1", "streaming"), Map.entry("r2", "streaming"));
        }

        // Positions: replicas catch up with the writer; the application user is no superuser.
        long writerPosition;
        try (Connection c = cluster.admin(w)) {
            writerPosition = cluster.engine.receivedPosition(c);
            assertThat(cluster.engine.appliedPosition(c)).isEqualTo(writerPosition);
            assertThat(cluster.engine.replicaLagMillis(c)).isZero();
        }
        awaitApplied(r1);
        try (Connection c = cluster.admin(r1)) {
            assertThat(cluster.engine.receivedPosition(c)).isGreaterThanOrEqualTo(writerPosition);
            assertThat(cluster.engine.appliedPosition(c)).isGreaterThanOrEqualTo(writerPosition);
        }
        try (Connection c = cluster.app(w); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("the application user is a superuser").isFalse();
        }
    }

    @Test
    void failoverAfterCleanStopAndRejoinWithRewind() throws SQLException {
        cluster.insert(w, 1);
        cluster.awaitRows(r1, 1);
        cluster.awaitRows(r2, 1);

        cluster.timed("stop", () -> cluster.engine.stop(w, OP));
        assertThat(w.serverAlive()).isFalse();
        cluster.timed("promote", () -> cluster.engine.promote(r1, cluster.config, OP));
        cluster.timed("follow", () -> cluster.engine.follow(r2, r1, cluster.config, OP));
        cluster.insert(r1, 2);

        cluster.timed("rejoin after clean stop", () -> cluster.engine.rejoin(w, r1, cluster.config, OP));
        assertThat(cluster.logMessages()).anyMatch(m -> m.contains("node w: rejoined") && m.contains("via pg_rewind"));
        cluster.insert(r1, 3);
        cluster.assertOneWriterOthersStreaming(r1, 1, 2, 3);

        // Restart of a node: start() waits until it accepts connections.
        cluster.timed("stop", () -> cluster.engine.stop(r2, OP));
        cluster.timed("start", () -> cluster.engine.start(r2, OP));
        cluster.assertOneWriterOthersStreaming(r1, 1, 2, 3);
    }

    @Test
    void failoverAfterKillAndRejoinRewindsWhatTheReplicasNeverGot() throws SQLException {
        cluster.insert(w, 1);
        cluster.awaitRows(r1, 1);
        cluster.awaitRows(r2, 1);
        // Cut both replicas off, then commit a row only the old writer will ever have.
        for (NodeRuntime replica : List.of(r1, r2)) {
            try (Connection c = cluster.admin(replica); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET primary_conninfo = ''");
                s.execute("SELECT pg_reload_conf()");
            }
            await(replica.id() + " disconnected", WAIT, () -> cluster.walReceiver(replica).equals("none"));
        }
        cluster.insert(w, 666);
        w.signal(NodeRuntime.Signal.KILL);
        assertThat(w.awaitExit(Duration.ofSeconds(10))).isTrue();

        // Promote the replica that received more, as a control plane would; the other one follows it.
        NodeRuntime promoted = position(r1) >= position(r2) ? r1 : r2;
        NodeRuntime other = promoted == r1 ? r2 : r1;
        cluster.timed("promote", () -> cluster.engine.promote(promoted, cluster.config, OP));
        cluster.timed("follow", () -> cluster.engine.follow(other, promoted, cluster.config, OP));
        cluster.insert(promoted, 2);

        cluster.timed("rejoin after SIGKILL (rewind)", () -> cluster.engine.rejoin(w, promoted, cluster.config, OP));
        assertThat(cluster.logMessages()).anyMatch(m -> m.contains("node w: rejoined") && m.contains("via pg_rewind"));
        cluster.insert(promoted, 3);
        cluster.assertOneWriterOthersStreaming(promoted, 1, 2, 3);
        for (NodeRuntime node : cluster.nodes) {
            assertThat(cluster.hasRow(node, 666)).as("the lost row is gone from %s", node.id()).isFalse();
        }
    }

    @Test
    void synchronousCommitNeedsAnyOneStandby() throws Exception {
        cluster.timed("configureSync", () -> cluster.engine.configureSync(w, List.of(r1, r2), cluster.config, OP));
        await("both standbys are quorum candidates", WAIT, () -> syncStates().equals(Map.of("r1", "quorum", "r2", "quorum")));

        cluster.engine.stop(r2, OP);
        cluster.insert(w, 1); // r1 alone acknowledges: one standby down blocks nothing
        cluster.awaitRows(r1, 1);

        // With no standby at all a commit waits for one...
        cluster.engine.stop(r1, OP);
        CompletableFuture<Void> blocked = CompletableFuture.runAsync(() -> {
            try {
                cluster.insert(w, 2);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        await("the commit waits for a synchronous standby", WAIT, () -> waitingForSyncRep() == 1);
        assertThat(blocked).isNotDone();
        // ...and completes once one is back.
        cluster.engine.start(r1, OP);
        blocked.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // A committed row is on the standby that acknowledged it, even when the writer dies right after.
        w.signal(NodeRuntime.Signal.KILL);
        assertThat(w.awaitExit(Duration.ofSeconds(10))).isTrue();
        cluster.engine.promote(r1, cluster.config, OP);
        assertThat(cluster.hasRow(r1, 2)).as("the synchronously committed row after promotion").isTrue();
    }

    @Test
    void replayDelayHoldsBackRowsButNotPromotion() throws SQLException {
        awaitApplied(r1); // the table, before the delay holds back every commit
        cluster.timed("setLag", () -> cluster.engine.setLag(r1, Duration.ofSeconds(5), OP));
        long committed = System.nanoTime();
        cluster.insert(w, 1);
        cluster.awaitRows(r2, 1);
        assertThat(cluster.hasRow(r1, 1)).as("row 1 on the delayed replica right after r2 got it").isFalse();
        await("r1 reports replay lag", WAIT, () -> {
            try (Connection c = cluster.admin(r1)) {
                return cluster.engine.replicaLagMillis(c) > 500;
            }
        });
        cluster.awaitRows(r1, 1);
        long visibleAfter = (System.nanoTime() - committed) / 1_000_000;
        System.out.printf("[timing] row visible on the 5 s delayed replica after %d ms%n", visibleAfter);
        assertThat(visibleAfter).isBetween(4_500L, 20_000L);

        // A row received but held back by the delay: promotion applies it at once.
        cluster.insert(w, 2);
        long writerPosition;
        try (Connection c = cluster.admin(w)) {
            writerPosition = cluster.engine.receivedPosition(c);
        }
        await("r1 received row 2", WAIT, () -> position(r1) >= writerPosition);
        assertThat(cluster.hasRow(r1, 2)).isFalse();
        cluster.engine.stop(w, OP);
        long start = System.nanoTime();
        cluster.engine.promote(r1, cluster.config, OP);
        long promoteMillis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("[timing] promote of the 5 s delayed replica %d ms%n", promoteMillis);
        assertThat(promoteMillis).isLessThan(3_000L);
        assertThat(cluster.hasRow(r1, 2)).isTrue();
    }

    @Test
    void aServerThatCannotStartFailsPromptlyWithItsLog() {
        // A fourth node on the writer's own address: it clones fine, then cannot listen.
        NodeRuntime clash = cluster.backend.create(dev.aurorajdbc.testcluster.Engine.POSTGRESQL, "clash", w.serverHost(), w.serverPort());
        long start = System.nanoTime();
        assertThatThrownBy(() -> cluster.engine.initReplica(clash, w, cluster.config, OP))
                .isInstanceOf(dev.aurorajdbc.testcluster.TestClusterException.class)
                .hasMessageContaining("node clash: the server exited")
                .hasMessageContaining("could not bind");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private void awaitApplied(NodeRuntime replica) throws SQLException {
        long writerPosition = position(w);
        await(replica.id() + " applied " + PostgresEngine.formatLsn(writerPosition), WAIT, () -> {
            try (Connection c = cluster.admin(replica)) {
                return cluster.engine.appliedPosition(c) >= writerPosition;
            }
        });
    }

    private long position(NodeRuntime node) throws SQLException {
        try (Connection c = cluster.admin(node)) {
            return cluster.engine.receivedPosition(c);
        }
    }

    private Map<String, String> syncStates() throws SQLException {
        Map<String, String> states = new TreeMap<>();
        try (Connection c = cluster.admin(w); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT application_name, sync_state FROM pg_stat_replication")) {
            while (rs.next()) {
                states.put(rs.getString(1), rs.getString(2));
            }
        }
        return states;
    }

    private int waitingForSyncRep() throws SQLException {
        try (Connection c = cluster.admin(w);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'SyncRep' AND usename = ?")) {
            ps.setString(1, cluster.config.user());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
