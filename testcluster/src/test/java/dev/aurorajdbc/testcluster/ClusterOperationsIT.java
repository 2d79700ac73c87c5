package dev.aurorajdbc.testcluster;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.aurorajdbc.testcluster.ClusterAssertions.assertMetadataTrue;
import static dev.aurorajdbc.testcluster.ClusterAssertions.awaitCount;
import static dev.aurorajdbc.testcluster.ClusterAssertions.execute;
import static dev.aurorajdbc.testcluster.ClusterAssertions.isWritable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cluster's operations against real servers, one cluster per engine (subclasses), automatic failover off so
 * that every change is the test's own. Tests run in order and each leaves the cluster healthy.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ClusterOperationsIT {
    private static final Duration REPLICATION = Duration.ofSeconds(15);

    private final TestCluster cluster;

    ClusterOperationsIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    /** Asserts that {@code e} is the engine's error for a write on a read-only replica. */
    abstract void assertReadOnlyError(SQLException e);

    @Test
    @Order(1)
    void startsOneWriterAndItsReplicasWithTrueMetadata() throws SQLException {
        assertThat(cluster.nodes()).hasSize(3);
        assertThat(cluster.nodes()).map(Node::host).doesNotHaveDuplicates();
        assertThat(cluster.nodes()).map(Node::port).containsOnly(cluster.port());
        assertThat(cluster.nodes()).allMatch(n -> n.state() == NodeState.RUNNING);
        int writable = 0;
        for (Node n : cluster.nodes()) {
            writable += isWritable(cluster, n) ? 1 : 0;
        }
        assertThat(writable).isEqualTo(1);
        assertThat(isWritable(cluster, cluster.writer())).isTrue();
        assertMetadataTrue(cluster);
    }

    @Test
    @Order(2)
    void rowsWrittenOnTheWriterAreReadableOnEveryReplica() throws SQLException {
        execute(cluster, cluster.writer(), "CREATE TABLE replicated (id INT PRIMARY KEY, v VARCHAR(20))");
        for (int i = 0; i < 100; i++) {
            execute(cluster, cluster.writer(), "INSERT INTO replicated VALUES (" + i + ", 'row " + i + "')");
        }
        for (Node replica : cluster.replicas()) {
            awaitCount(cluster, replica, "SELECT COUNT(*) FROM replicated", 100, REPLICATION);
        }
    }

    @Test
    @Order(3)
    void aWriteOnAReplicaFailsWithTheEnginesReadOnlyError() {
        Node replica = cluster.replicas().get(0);
        SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
                () -> execute(cluster, replica, "INSERT INTO replicated VALUES (1000, 'on a replica')"));
        assertReadOnlyError(e);
    }

    @Test
    @Order(4)
    void failoverLeavesExactlyOneWriterThatEveryOtherNodeReplicates() throws SQLException {
        Node old = cluster.writer();
        FailoverReport report = cluster.failover();
        Node writer = cluster.writer();
        assertThat(writer).isNotSameAs(old);
        assertThat(report.oldWriter()).isEqualTo(old.id());
        assertThat(report.newWriter()).isEqualTo(writer.id());
        assertThat(report.steps()).map(FailoverReport.Step::name)
                .containsExactly("fence", "select", "promote", "repoint", "metadata", "rejoin");
        assertOneWriterReplicatedByAll("after_failover_1");
        assertMetadataTrue(cluster);
    }

    @Test
    @Order(5)
    void failoverToAChosenReplicaAndBackAgain() throws SQLException {
        Node first = cluster.writer();
        Node target = cluster.replicas().get(cluster.replicas().size() - 1);
        cluster.failover(target);
        assertThat(cluster.writer()).isSameAs(target);
        assertOneWriterReplicatedByAll("after_failover_2");
        // The former writer, now a replica, is promoted again: repeated failovers over the same nodes.
        cluster.failover(first);
        assertThat(cluster.writer()).isSameAs(first);
        assertOneWriterReplicatedByAll("after_failover_3");
        assertMetadataTrue(cluster);
    }

    private void assertOneWriterReplicatedByAll(String table) throws SQLException {
        Node writer = cluster.writer();
        for (Node n : cluster.nodes()) {
            assertThat(isWritable(cluster, n)).as("node %s writable", n.id()).isEqualTo(n == writer);
        }
        execute(cluster, writer, "CREATE TABLE " + table + " (id INT PRIMARY KEY)");
        execute(cluster, writer, "INSERT INTO " + table + " VALUES (1), (2), (3)");
        for (Node n : cluster.replicas()) {
            awaitCount(cluster, n, "SELECT COUNT(*) FROM " + table, 3, REPLICATION);
            awaitCount(cluster, n, "SELECT COUNT(*) FROM replicated", 100, REPLICATION);
        }
    }

    @Test
    @Order(6)
    void killEndsConnectionsAndStartBringsTheReplicaBack() throws SQLException {
        Node replica = cluster.replicas().get(0);
        try (Connection c = connect(replica, 10_000)) {
            cluster.kill(replica);
            assertThat(replica.state()).isEqualTo(NodeState.KILLED);
            long t = System.nanoTime();
            assertThatThrownBy(() -> query(c)).isInstanceOf(SQLException.class);
            assertThat(elapsedMs(t)).as("a killed server's connection fails at once").isLessThan(3_000);
        }
        execute(cluster, cluster.writer(), "INSERT INTO replicated VALUES (200, 'while down')");
        cluster.start(replica);
        assertThat(replica.state()).isEqualTo(NodeState.RUNNING);
        awaitCount(cluster, replica, "SELECT COUNT(*) FROM replicated", 101, REPLICATION);
        assertMetadataTrue(cluster);
    }

    @Test
    @Order(7)
    void stopAndStartAReplica() throws SQLException {
        Node replica = cluster.replicas().get(1);
        cluster.stop(replica);
        assertThat(replica.state()).isEqualTo(NodeState.STOPPED);
        assertThatThrownBy(() -> connect(replica, 2_000).close()).isInstanceOf(SQLException.class);
        execute(cluster, cluster.writer(), "INSERT INTO replicated VALUES (201, 'while stopped')");
        cluster.start(replica);
        awaitCount(cluster, replica, "SELECT COUNT(*) FROM replicated", 102, REPLICATION);
    }

    @Test
    @Order(8)
    void aHungNodesConnectionsTimeOutInsteadOfResetting() throws Exception {
        Node replica = cluster.replicas().get(0);
        try (Connection c = connect(replica, 2_000)) {
            query(c);
            cluster.hang(replica);
            try {
                long t = System.nanoTime();
                SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> query(c));
                assertThat(hasCause(e, SocketTimeoutException.class)).as("timed out, not reset: %s", e).isTrue();
                assertThat(elapsedMs(t)).isGreaterThanOrEqualTo(1_500);
                // A new connection hangs too: the kernel accepts, nobody answers.
                long t2 = System.nanoTime();
                assertThatThrownBy(() -> connect(replica, 2_000).close()).isInstanceOf(SQLException.class);
                assertThat(elapsedMs(t2)).isGreaterThanOrEqualTo(900);
            } finally {
                cluster.resume(replica);
            }
        }
        try (Connection c = connect(replica, 5_000)) {
            query(c);
        }
    }

    @Test
    @Order(9)
    void aCutNodeIsABlackHoleAndHealingResumesHeldConnections() throws Exception {
        Node replica = cluster.replicas().get(0);
        try (Connection timed = connect(replica, 2_000); Connection patient = connect(replica, 0)) {
            query(timed);
            query(patient);
            cluster.cut(replica);
            assertThat(replica.isCut()).isTrue();
            long t = System.nanoTime();
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> query(timed));
            assertThat(hasCause(e, SocketTimeoutException.class)).as("timed out, not reset: %s", e).isTrue();
            assertThat(elapsedMs(t)).isGreaterThanOrEqualTo(1_500);
            // A connection without a timeout waits through the cut and completes once it heals.
            CompletableFuture<Long> pending = CompletableFuture.supplyAsync(() -> {
                try {
                    return query(patient);
                } catch (SQLException ex) {
                    throw new IllegalStateException(ex);
                }
            });
            ClusterAssertions.sleep(500);
            assertThat(pending).isNotDone();
            cluster.heal(replica);
            assertThat(pending.get(10, TimeUnit.SECONDS)).isEqualTo(1L);
        }
    }

    @Test
    @Order(10)
    void resetResetsClientConnectionsAndLeavesTheServerRunning() throws SQLException {
        Node replica = cluster.replicas().get(0);
        try (Connection c = connect(replica, 10_000)) {
            query(c);
            cluster.reset(replica);
            long t = System.nanoTime();
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> query(c));
            assertThat(elapsedMs(t)).isLessThan(2_000);
            assertThat(hasCause(e, SocketTimeoutException.class)).isFalse();
        }
        assertThat(replica.state()).isEqualTo(NodeState.RUNNING);
        try (Connection c = connect(replica, 5_000)) {
            query(c);
        }
    }

    @Test
    @Order(11)
    void lagDelaysReplayOnOneReplica() throws SQLException {
        Node lagged = cluster.replicas().get(0);
        Node other = cluster.replicas().get(1);
        cluster.lag(lagged, Duration.ofSeconds(3));
        try {
            execute(cluster, cluster.writer(), "INSERT INTO replicated VALUES (300, 'lagged')");
            awaitCount(cluster, other, "SELECT COUNT(*) FROM replicated WHERE id = 300", 1, REPLICATION);
            assertThat(ClusterAssertions.count(cluster, lagged, "SELECT COUNT(*) FROM replicated WHERE id = 300"))
                    .as("the lagged replica does not have the row yet").isZero();
            awaitCount(cluster, lagged, "SELECT COUNT(*) FROM replicated WHERE id = 300", 1, REPLICATION);
        } finally {
            cluster.lag(lagged, Duration.ZERO);
        }
    }

    @Test
    @Order(12)
    void addAndRemoveReplica() throws SQLException {
        long rows = ClusterAssertions.count(cluster, cluster.writer(), "SELECT COUNT(*) FROM replicated");
        Node added = cluster.addReplica();
        assertThat(cluster.nodes()).hasSize(4).contains(added);
        assertThat(added.role()).isEqualTo(Role.REPLICA);
        assertThat(ClusterAssertions.count(cluster, added, "SELECT COUNT(*) FROM replicated")).isEqualTo(rows);
        assertMetadataTrue(cluster);
        cluster.removeReplica(added);
        assertThat(cluster.nodes()).hasSize(3).doesNotContain(added);
        assertThat(added.state()).isEqualTo(NodeState.REMOVED);
        assertMetadataTrue(cluster);
    }

    /** A connection whose timeouts are {@code timeoutMs}; 0: none (it waits as long as it takes). */
    private Connection connect(Node node, int timeoutMs) throws SQLException {
        return timeoutMs == 0 ? cluster.connect(node) : cluster.connect(node, Duration.ofMillis(timeoutMs));
    }

    private static long query(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        List<Throwable> seen = new ArrayList<>();
        for (Throwable c = t; c != null && !seen.contains(c); c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
            seen.add(c);
        }
        return false;
    }

    private static long elapsedMs(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }
}
