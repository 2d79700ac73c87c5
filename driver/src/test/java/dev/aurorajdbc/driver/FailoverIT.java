package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.FailoverReport;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.NodeState;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Failover of one logical connection on a real synchronous cluster (subclasses: one per engine) whose watchdog
 * fails over a killed, hung or cut writer after 1 s: the application sees {@code 08S02} outside a transaction and
 * {@code 08007} inside one, the next statement runs on the new writer, no call blocks longer than failoverTimeoutMs
 * plus the connect timeout, and a lost transaction leaves nothing behind.
 */
@Tag("integration")
abstract class FailoverIT {
    private static final long FAILOVER_TIMEOUT_MS = 30_000;
    private static final long CONNECT_TIMEOUT_MS = 5_000;
    /** What no call may exceed (the acceptance bound). */
    private static final long CALL_BOUND_MS = FAILOVER_TIMEOUT_MS + CONNECT_TIMEOUT_MS;

    /** The faults of the acceptance list; the watchdog handles the first three, the control plane the last. */
    enum Fault { KILL, HANG, CUT, FAILOVER }

    private final TestCluster cluster;
    private final List<AuroraListener.ConnectionFailover> failovers = new CopyOnWriteArrayList<>();
    private final AuroraListener listener = new AuroraListener() {
        @Override
        public void connectionFailedOver(ConnectionFailover f) {
            failovers.add(f);
        }
    };

    FailoverIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void setUp() throws SQLException {
        AuroraDriver.registered().clusters().addListener(listener);
        try (Connection c = cluster.connect(cluster.writer()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS failover_rows (id BIGINT PRIMARY KEY, note VARCHAR(40))");
            s.execute("DELETE FROM failover_rows");
            if (cluster.engine() == Engine.POSTGRESQL) {
                s.execute("CREATE SCHEMA IF NOT EXISTS failover_schema");
            }
        }
    }

    @AfterEach
    void tearDown() {
        AuroraDriver.registered().clusters().removeListener(listener);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(cluster.auroraUrl() + "&failoverTimeoutMs=" + FAILOVER_TIMEOUT_MS
                + "&connectTimeoutMs=" + CONNECT_TIMEOUT_MS, cluster.user(), cluster.password());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Fault.class)
    void theStatementAfterTheFailoverExceptionRunsOnTheNewWriter(Fault fault) throws Exception {
        int failoversBefore = cluster.failovers().size();
        // Ids of this fault's own: with asynchronous replication (MySQL 8 here) a failover may lose the DELETE of an
        // earlier run's rows, which must not collide with this run's.
        long base = (fault.ordinal() + 1) * 1_000_000L;
        try (Connection c = connect()) {
            insert(c, base + 1, "before");
            Node old = cluster.writer();
            assertThat(host(c)).isEqualTo(old.address());

            Thread control = inject(fault, old);
            long started = System.nanoTime();
            SQLException failure = null;
            // Keep writing as an application does until the failover surfaces (a write issued before the
            // fault takes effect may still succeed).
            for (long id = base + 2; failure == null; id++) {
                try {
                    insert(c, id, "during");
                } catch (SQLException e) {
                    failure = e;
                }
                assertThat(millisSince(started)).as("%s: no failover exception within failoverTimeoutMs + connectTimeoutMs", fault)
                        .isLessThan(CALL_BOUND_MS);
            }
            assertThat((Throwable) failure).as("failover exception").isNotNull();
            assertThat(failure.getSQLState()).as("%s: %s", fault, failure.getMessage())
                    .isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            assertThat((Throwable) failure).isInstanceOf(java.sql.SQLTransientConnectionException.class);
            long window = millisSince(started);

            insert(c, base + 100_000, "after");
            Node now = cluster.awaitWriter(Duration.ofSeconds(30));
            assertThat(now.id()).isNotEqualTo(old.id());
            assertThat(host(c)).as("the connection is on the new writer").isEqualTo(now.address());
            assertThat(writable(c)).isTrue();
            assertThat(count(c, base + 100_000)).isEqualTo(1);
            assertThat(failovers).extracting(AuroraListener.ConnectionFailover::sqlState).contains(SqlStates.FAILOVER_SUCCEEDED);
            control.join(TimeUnit.SECONDS.toMillis(60));
            System.out.printf("%s %s: failover exception after %d ms, now on node %s%n", cluster.engine(), fault, window, now.id());
        } finally {
            settle(failoversBefore + 1);
        }
    }

    @Test
    void failoverInsideATransactionGives08007AndLeavesNothingOfIt() throws Exception {
        int failoversBefore = cluster.failovers().size();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            insert(c, 1, "committed");
            c.commit();
            insert(c, 2, "lost");
            insert(c, 3, "lost");
            cluster.failover();
            SQLException failure = null;
            try {
                insert(c, 4, "lost");
                c.commit();
            } catch (SQLException e) {
                failure = e;
            }
            assertThat((Throwable) failure).as("the transaction cannot survive the failover").isNotNull();
            assertThat(failure.getSQLState()).as(failure.getMessage()).isEqualTo(SqlStates.TRANSACTION_RESOLUTION_UNKNOWN);
            // A rolled-back transaction's class (ClientOutcomeTest: what clients do with it).
            assertThat((Throwable) failure).isInstanceOf(java.sql.SQLTransactionRollbackException.class);
            c.rollback(); // what an application's retry code does; harmless on the new connection
            assertThat(c.getAutoCommit()).as("session state re-applied").isFalse();
            assertThat(host(c)).isEqualTo(cluster.writer().address());
            insert(c, 5, "redone");
            c.commit();
            Map<Long, String> rows = rows(c);
            assertThat(rows).as("none of the lost transaction's writes survive").containsOnlyKeys(1L, 5L);
        } finally {
            settle(failoversBefore + 1);
        }
    }

    /**
     * Every piece of session state the application set (none of them the default) is on the new writer after a
     * killed writer's failover: what the engine keeps (schema and application name on PostgreSQL, the database on
     * MySQL, isolation on both) asked of the server, the rest of the native connection's getters, which a fresh native
     * connection answers with its defaults. PostgreSQL has no catalog to switch (pgjdbc ignores setCatalog), MySQL no
     * schema (Connector/J ignores setSchema; the catalog is information_schema, the one database
     * besides its own that the test user may use) and no holdability but CLOSE_CURSORS_AT_COMMIT.
     */
    @Test
    void theSessionStateTheApplicationSetIsOnTheNewWriterAfterAKilledWriter() throws Exception {
        int failoversBefore = cluster.failovers().size();
        boolean pg = cluster.engine() == Engine.POSTGRESQL;
        Map<String, Class<?>> typeMap = new java.util.HashMap<>();
        typeMap.put("failover_type", String.class);
        java.util.concurrent.ExecutorService timeouts = java.util.concurrent.Executors.newSingleThreadExecutor();
        try (Connection c = connect()) {
            c.setNetworkTimeout(timeouts, 23_456);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            if (pg) {
                c.setSchema("failover_schema");
                c.setHoldability(java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT);
            } else {
                c.setCatalog("information_schema");
            }
            c.setClientInfo("ApplicationName", "failover-it");
            c.setTypeMap(typeMap);
            c.setReadOnly(true);
            c.setAutoCommit(false);
            assertSessionState(c, typeMap, "before the fault");
            c.commit();
            Node old = cluster.writer();

            Thread control = inject(Fault.KILL, old);
            long started = System.nanoTime();
            SQLException failure = null;
            while (failure == null) {
                try {
                    query(c, "SELECT 1");
                    c.commit();
                } catch (SQLException e) {
                    failure = e;
                }
                assertThat(millisSince(started)).as("no failover exception within the bound").isLessThan(CALL_BOUND_MS);
            }
            assertThat(failure.getSQLState()).as(failure.getMessage())
                    .isIn(SqlStates.FAILOVER_SUCCEEDED, SqlStates.TRANSACTION_RESOLUTION_UNKNOWN);
            c.rollback();
            control.join(TimeUnit.SECONDS.toMillis(60));

            Node now = cluster.awaitWriter(Duration.ofSeconds(30));
            assertThat(now.id()).isNotEqualTo(old.id());
            assertThat(host(c)).as("the connection is on the new writer").isEqualTo(now.address());
            assertSessionState(c, typeMap, "on the new writer");
        } finally {
            timeouts.shutdownNow();
            settle(failoversBefore + 1);
        }
    }

    private void assertSessionState(Connection c, Map<String, Class<?>> typeMap, String when) throws SQLException {
        boolean pg = cluster.engine() == Engine.POSTGRESQL;
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(c.getAutoCommit()).as("%s: auto-commit", when).isFalse();
        soft.assertThat(c.isReadOnly()).as("%s: read-only", when).isTrue();
        soft.assertThat(c.getTransactionIsolation()).as("%s: isolation", when)
                .isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
        soft.assertThat(c.getNetworkTimeout()).as("%s: network timeout", when).isEqualTo(23_456);
        soft.assertThat(c.getClientInfo("ApplicationName")).as("%s: client info", when).isEqualTo("failover-it");
        soft.assertThat(c.getTypeMap()).as("%s: type map", when).isEqualTo(typeMap);
        if (pg) {
            soft.assertThat(c.getSchema()).as("%s: schema", when).isEqualTo("failover_schema");
            soft.assertThat(c.getHoldability()).as("%s: holdability", when)
                    .isEqualTo(java.sql.ResultSet.HOLD_CURSORS_OVER_COMMIT);
            soft.assertThat(query(c, "SELECT current_schema()")).as("%s: the server's schema", when)
                    .isEqualTo("failover_schema");
            soft.assertThat(query(c, "SELECT current_setting('application_name')"))
                    .as("%s: the server's application_name", when).isEqualTo("failover-it");
            soft.assertThat(query(c, "SELECT current_setting('transaction_isolation')"))
                    .as("%s: the server's isolation", when).isEqualTo("serializable");
            soft.assertThat(query(c, "SELECT current_setting('transaction_read_only')"))
                    .as("%s: the server's read-only", when).isEqualTo("on");
        } else {
            soft.assertThat(c.getCatalog()).as("%s: catalog", when).isEqualTo("information_schema");
            soft.assertThat(query(c, "SELECT DATABASE()")).as("%s: the server's database", when)
                    .isEqualTo("information_schema");
        }
        c.rollback();
        soft.assertAll();
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void aReadOnlyTransactionTheApplicationAskedForIsNotAFailover() throws Exception {
        try (Connection c = connect()) {
            String host = host(c);
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET TRANSACTION READ ONLY");
            }
            SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class, () -> insert(c, 7, "read-only"));
            assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("25006");
            c.rollback();
            assertThat(host(c)).as("still on the same writer").isEqualTo(host);
            insert(c, 8, "read-write");
            c.commit();
            assertThat(count(c, 8)).isEqualTo(1);
        }
    }

    @Test
    void repeatedFailoversPromoteFormerWritersAgain() throws Exception {
        int failoversBefore = cluster.failovers().size();
        List<String> writers = new ArrayList<>();
        try (Connection c = connect()) {
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            for (int round = 0; round < cluster.nodes().size() + 1; round++) {
                cluster.failover();
                writers.add(cluster.writer().id());
                try {
                    insert(c, 1000 + round, "round");
                    fail("the first statement after failover() must report the failover");
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
                }
                insert(c, 1000 + round, "round");
                assertThat(host(c)).isEqualTo(cluster.writer().address());
                assertThat(c.getTransactionIsolation()).isEqualTo(Connection.TRANSACTION_SERIALIZABLE);
            }
            assertThat(rows(c)).hasSize(cluster.nodes().size() + 1);
        } finally {
            settle(failoversBefore + cluster.nodes().size() + 1);
        }
        assertThat(writers.stream().distinct().count()).as("some node was promoted twice: %s", writers)
                .isLessThan(writers.size());
    }

    @Test
    void failoverOntoALaggingReplica() throws Exception {
        int failoversBefore = cluster.failovers().size();
        Node lagging = cluster.replicas().get(0);
        cluster.lag(lagging, Duration.ofSeconds(3));
        try (Connection c = connect()) {
            for (int id = 1; id <= 50; id++) {
                insert(c, id, "acknowledged");
            }
            cluster.failover(lagging);
            try {
                insert(c, 51, "after");
                fail("the first statement after failover() must report the failover");
            } catch (SQLException e) {
                assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            }
            insert(c, 51, "after");
            assertThat(host(c)).isEqualTo(lagging.address());
            assertThat(rows(c)).as("every acknowledged row is on the promoted lagging replica").hasSize(51);
        } finally {
            settle(failoversBefore + 1);
        }
    }

    // ---------------------------------------------------------------------------------------------------- helpers

    /** Injects the fault from another thread (failover() returns only after the rejoin). */
    private Thread inject(Fault fault, Node writer) {
        Thread t = new Thread(() -> {
            switch (fault) {
                case KILL -> cluster.kill(writer);
                case HANG -> cluster.hang(writer);
                case CUT -> cluster.cut(writer);
                case FAILOVER -> cluster.failover();
            }
        }, "inject-" + fault);
        t.start();
        return t;
    }

    /** Waits until the expected failovers are done, heals what the faults left, and every node runs again. */
    private void settle(int failovers) throws Exception {
        cluster.awaitFailovers(failovers, Duration.ofSeconds(90));
        for (Node n : cluster.nodes()) {
            if (n.isCut()) {
                cluster.heal(n);
            }
            if (n.state() == NodeState.HUNG) {
                cluster.resume(n);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!allRunning()) {
            if (System.nanoTime() > deadline) {
                fail("the cluster did not settle: " + cluster.nodes());
            }
            Thread.sleep(50);
        }
        for (Node n : cluster.replicas()) {
            cluster.lag(n, Duration.ZERO);
        }
    }

    private boolean allRunning() {
        for (Node n : cluster.nodes()) {
            if (n.state() != NodeState.RUNNING) {
                return false;
            }
        }
        return true;
    }

    private static void insert(Connection c, long id, String note) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO failover_rows (id, note) VALUES (" + id + ", '" + note + "')");
        }
    }

    private static long count(Connection c, long id) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM failover_rows WHERE id = " + id)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Map<Long, String> rows(Connection c) throws SQLException {
        Map<Long, String> rows = new TreeMap<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, note FROM failover_rows")) {
            while (rs.next()) {
                rows.put(rs.getLong(1), rs.getString(2));
            }
        }
        return rows;
    }

    private boolean writable(Connection c) throws SQLException {
        String sql = cluster.engine() == Engine.POSTGRESQL ? "SELECT NOT pg_is_in_recovery()" : "SELECT @@global.read_only = 0";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static String host(Connection c) throws SQLException {
        return c.unwrap(AuroraConnection.class).hostDescription();
    }

    private static long millisSince(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanos);
    }

    /** For the report of a failed run: what the cluster did. */
    @Override
    public String toString() {
        List<FailoverReport> reports = cluster.failovers();
        return getClass().getSimpleName() + reports;
    }
}
