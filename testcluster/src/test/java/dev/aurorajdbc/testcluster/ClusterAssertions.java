package dev.aurorajdbc.testcluster;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Engine-aware checks against a running cluster, through the application user's connections. */
final class ClusterAssertions {
    private ClusterAssertions() {
    }

    static boolean isWritable(TestCluster cluster, Node node) throws SQLException {
        String sql = cluster.engine() == Engine.POSTGRESQL ? "SELECT NOT pg_is_in_recovery()" : "SELECT @@read_only = 0";
        try (Connection c = cluster.connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    static void execute(TestCluster cluster, Node node, String sql) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    static long count(TestCluster cluster, Node node, String sql) throws SQLException {
        try (Connection c = cluster.connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Polls until {@code sql} (a COUNT) returns {@code expected} on {@code node}, or fails at the deadline. */
    static void awaitCount(TestCluster cluster, Node node, String sql, long expected, Duration timeout) throws SQLException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                last = count(cluster, node, sql);
                if (last == expected) {
                    return;
                }
            } catch (SQLException e) {
                // the table may not have replicated yet
            }
            sleep(20);
        }
        assertThat(last).as("%s on node %s after %d ms", sql, node.id(), timeout.toMillis()).isEqualTo(expected);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toMillis() + " ms: " + what);
            }
            sleep(20);
        }
    }

    /** The emulated Aurora topology as a node reports it: instance id → whether it is the writer. */
    static Map<String, Boolean> auroraTopology(TestCluster cluster, Node node) throws SQLException {
        String sql = cluster.engine() == Engine.POSTGRESQL
                ? "SELECT server_id, session_id FROM aurora_replica_status()"
                : "SELECT SERVER_ID, SESSION_ID FROM " + MYSQL_METADATA_TABLE;
        Map<String, Boolean> topology = new HashMap<>();
        try (Connection c = cluster.connect(node); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                topology.put(rs.getString(1), "MASTER_SESSION_ID".equals(rs.getString(2)));
            }
        }
        return topology;
    }

    /** The cluster's true topology: node id → whether it is the writer. */
    static Map<String, Boolean> expectedTopology(TestCluster cluster) {
        Map<String, Boolean> topology = new HashMap<>();
        for (Node n : cluster.nodes()) {
            topology.put(n.id(), n.isWriter());
        }
        return topology;
    }

    /** Every reachable node reports the cluster's true topology (within the replication delay). */
    static void assertMetadataTrue(TestCluster cluster) {
        Map<String, Boolean> expected = expectedTopology(cluster);
        for (Node n : cluster.nodes()) {
            if (n.state() != NodeState.RUNNING || n.isCut()) {
                continue;
            }
            await("node " + n.id() + " reports topology " + expected, Duration.ofSeconds(10), () -> {
                try {
                    return auroraTopology(cluster, n).equals(expected);
                } catch (SQLException e) {
                    return false;
                }
            });
        }
    }

    static final String MYSQL_METADATA_TABLE = "aurora_emulation.replica_host_status";

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
