package dev.aurorajdbc.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.aurorajdbc.driver.hikari.AuroraSQLExceptionOverride;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.NodeState;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A HikariCP pool of 20 on the driver, 8 threads inserting continuously through 10 consecutive failovers of a
 * synchronous cluster (subclasses: one per engine), half of them the control plane's {@code failover()}, half a killed
 * writer failed over by the watchdog. Every acknowledged insert must be on the final writer, and the pool must end
 * with 20 usable connections, all on the final writer.
 */
@Tag("integration")
abstract class PoolFailoverIT {
    private static final int POOL = 20;
    private static final int THREADS = 8;
    private static final int FAILOVERS = 10;
    /** An insert that cannot get through within this long is a failure of the test. */
    private static final long INSERT_BOUND_MS = 60_000;

    private final TestCluster cluster;

    PoolFailoverIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void everyAcknowledgedInsertSurvivesTenFailoversAndThePoolEndsHealthy() throws Exception {
        try (Connection c = cluster.connect(cluster.writer()); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS pool_rows (id BIGINT PRIMARY KEY, worker INT)");
            s.execute("DELETE FROM pool_rows");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.auroraUrl() + "&failoverTimeoutMs=30000");
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(POOL);
        config.setPoolName("aurora-failover");
        config.setExceptionOverrideClassName(AuroraSQLExceptionOverride.class.getName());
        String upsert = cluster.engine() == Engine.POSTGRESQL
                ? "INSERT INTO pool_rows (id, worker) VALUES (?, ?) ON CONFLICT (id) DO NOTHING"
                : "INSERT IGNORE INTO pool_rows (id, worker) VALUES (?, ?)";

        Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
        Set<String> failoverStates = ConcurrentHashMap.newKeySet();
        Queue<String> failures = new ConcurrentLinkedQueue<>();
        AtomicLong nextId = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        List<String> faults = new ArrayList<>();
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                int worker = w;
                Thread t = new Thread(() -> {
                    while (!stop.get()) {
                        long id = nextId.incrementAndGet();
                        // Redo the same idempotent insert until it is acknowledged, as an application's retry does:
                        // an insert whose acknowledgement was lost may have committed.
                        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(INSERT_BOUND_MS);
                        while (true) {
                            try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(upsert)) {
                                ps.setLong(1, id);
                                ps.setInt(2, worker);
                                ps.executeUpdate();
                                acknowledged.add(id);
                                break;
                            } catch (SQLException e) {
                                failoverStates.add(String.valueOf(e.getSQLState()));
                                if (System.nanoTime() > deadline) {
                                    failures.add("insert " + id + " not acknowledged within " + INSERT_BOUND_MS + " ms: "
                                            + e.getSQLState() + " " + e.getMessage());
                                    break;
                                }
                                if (!SqlStates.FAILOVER_SUCCEEDED.equals(e.getSQLState())
                                        && !SqlStates.TRANSACTION_RESOLUTION_UNKNOWN.equals(e.getSQLState())) {
                                    WriterRoutingIT.sleep(20); // e.g. 08001 while no writer: back off a little
                                }
                            }
                        }
                    }
                }, "pool-worker-" + w);
                t.start();
                workers.add(t);
            }
            for (int i = 0; i < FAILOVERS; i++) {
                awaitProgress(acknowledged, 50);
                int before = cluster.failovers().size();
                Node old = cluster.writer();
                if (i % 2 == 0) {
                    cluster.failover();
                    faults.add("failover() of " + old.id());
                } else {
                    cluster.kill(old);
                    cluster.awaitFailovers(before + 1, Duration.ofSeconds(60));
                    faults.add("kill of " + old.id());
                }
                awaitAllRunning();
            }
            awaitProgress(acknowledged, 50);
            stop.set(true);
            for (Thread t : workers) {
                t.join(TimeUnit.MILLISECONDS.toMillis(INSERT_BOUND_MS + 10_000));
                assertThat(t.isAlive()).as("%s finished", t.getName()).isFalse();
            }
            assertThat(failures).as("inserts that never got through").isEmpty();

            // The pool ends healthy: 20 connections at once, each valid, on the final writer, and writable.
            Node writer = cluster.writer();
            List<Connection> borrowed = new ArrayList<>();
            try {
                for (int i = 0; i < POOL; i++) {
                    borrowed.add(pool.getConnection());
                }
                long id = -1;
                for (Connection c : borrowed) {
                    assertThat(c.isValid(2)).isTrue();
                    assertThat(c.unwrap(AuroraConnection.class).hostDescription()).isEqualTo(writer.address());
                    try (PreparedStatement ps = c.prepareStatement(upsert)) {
                        ps.setLong(1, id--);
                        ps.setInt(2, -1);
                        assertThat(ps.executeUpdate()).isEqualTo(1);
                    }
                }
            } finally {
                for (Connection c : borrowed) {
                    c.close();
                }
            }
            assertThat(pool.getHikariPoolMXBean().getTotalConnections()).isEqualTo(POOL);
        }

        Set<Long> onWriter = new HashSet<>();
        try (Connection c = cluster.connect(cluster.writer()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id FROM pool_rows WHERE id > 0")) {
            while (rs.next()) {
                onWriter.add(rs.getLong(1));
            }
        }
        Set<Long> missing = new HashSet<>(acknowledged);
        missing.removeAll(onWriter);
        assertThat(missing).as("acknowledged inserts missing on the final writer (%d acknowledged, faults %s)",
                acknowledged.size(), faults).isEmpty();
        assertThat(cluster.failovers().size()).isGreaterThanOrEqualTo(FAILOVERS);
        System.out.printf("%s: %d inserts acknowledged through %d failovers %s; SQLStates seen: %s%n", cluster.engine(),
                acknowledged.size(), FAILOVERS, faults, failoverStates);
    }

    /**
     * With {@link AuroraSQLExceptionOverride} a borrowed connection that reported a failover (08S02) stays in the
     * pool: the next borrower gets the same logical connection, on the new writer. The same failover in a pool without
     * the override evicts it (HikariCP evicts on any 08xxx), so this fails if the override stops working. (An idle
     * connection is not the case: HikariCP's isValid on borrowing finds its dead native connection first.)
     */
    @Test
    void aFailedOverConnectionStaysInThePoolWithTheOverrideAndIsEvictedWithout() throws Exception {
        try (HikariDataSource kept = onePool("aurora-override", true);
             HikariDataSource evicting = onePool("aurora-no-override", false)) {
            Connection keptBorrowed = kept.getConnection();
            Connection evictingBorrowed = evicting.getConnection();
            AuroraConnection keptBefore = keptBorrowed.unwrap(AuroraConnection.class);
            AuroraConnection evictingBefore = evictingBorrowed.unwrap(AuroraConnection.class);
            assertThat(keptBefore.hostDescription()).isEqualTo(cluster.writer().address());

            cluster.failover();
            awaitAllRunning();
            assertThat(sqlStateOfAStatement(keptBorrowed)).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            assertThat(sqlStateOfAStatement(evictingBorrowed)).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
            keptBorrowed.close();
            evictingBorrowed.close();

            try (Connection again = kept.getConnection()) {
                assertThat(again.unwrap(AuroraConnection.class)).as("the same logical connection, not evicted")
                        .isSameAs(keptBefore);
                assertThat(sqlStateOfAStatement(again)).isNull();
                assertThat(keptBefore.hostDescription()).isEqualTo(cluster.writer().address());
            }
            assertThat(keptBefore.isClosed()).isFalse();
            try (Connection again = evicting.getConnection()) {
                assertThat(again.unwrap(AuroraConnection.class)).as("without the override HikariCP evicts it")
                        .isNotSameAs(evictingBefore);
            }
            assertThat(evictingBefore.isClosed()).as("the evicted connection was closed").isTrue();
        }
    }

    private HikariDataSource onePool(String name, boolean override) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.auroraUrl() + "&failoverTimeoutMs=30000");
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(1);
        config.setPoolName(name);
        if (override) {
            config.setExceptionOverrideClassName(AuroraSQLExceptionOverride.class.getName());
        }
        return new HikariDataSource(config);
    }

    /** The SQLState of a statement on {@code c}; null if it succeeded. */
    private static String sqlStateOfAStatement(Connection c) {
        try (Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        }
    }

    private static void awaitProgress(Queue<Long> acknowledged, int inserts) {
        int start = acknowledged.size();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (acknowledged.size() < start + inserts) {
            if (System.nanoTime() > deadline) {
                fail("the workers acknowledged " + (acknowledged.size() - start) + " inserts in 60 s");
            }
            WriterRoutingIT.sleep(10);
        }
    }

    private void awaitAllRunning() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (cluster.nodes().stream().anyMatch(n -> n.state() != NodeState.RUNNING)) {
            if (System.nanoTime() > deadline) {
                fail("the cluster did not settle: " + cluster.nodes());
            }
            WriterRoutingIT.sleep(20);
        }
    }
}
