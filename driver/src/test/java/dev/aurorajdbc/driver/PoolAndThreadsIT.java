package dev.aurorajdbc.driver;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HikariCP on the driver (through {@code jdbcUrl} and through {@code dataSourceClassName}), and the driver's thread
 * budget: 1,000 open connections to one cluster add at most 2 driver threads, and none is left after the connections
 * close and the idle grace period passes. Subclasses: one per engine.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PoolAndThreadsIT {
    private static final int POOL = 20;
    private static final int THREADS = 8;
    private static final int OPERATIONS = 250;

    private final TestCluster cluster;

    PoolAndThreadsIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    @Order(1)
    void aPoolOf20ConfiguredByJdbcUrlRunsAMixedWorkload() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(cluster.auroraUrl());
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(POOL);
        config.setPoolName("aurora-jdbcurl");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            mixedWorkload(pool, "pool_by_url");
        }
    }

    @Test
    @Order(2)
    void aPoolOf20ConfiguredByDataSourceClassNameRunsAMixedWorkload() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSourceClassName(AuroraDataSource.class.getName());
        config.addDataSourceProperty("url", cluster.auroraUrl());
        config.addDataSourceProperty("user", cluster.user());
        config.addDataSourceProperty("password", cluster.password());
        config.addDataSourceProperty("topologyRefreshMs", "5000");
        config.setMaximumPoolSize(POOL);
        config.setMinimumIdle(POOL);
        config.setPoolName("aurora-datasource");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            mixedWorkload(pool, "pool_by_class");
        }
    }

    /** 8 threads insert, read back, update and count through the pool; the totals must add up exactly. */
    private void mixedWorkload(HikariDataSource pool, String table) throws Exception {
        long filled = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pool.getHikariPoolMXBean().getTotalConnections() < POOL && System.nanoTime() < filled) {
            WriterRoutingIT.sleep(20); // HikariCP fills the pool in the background
        }
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("the pool filled up").isEqualTo(POOL);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, worker INT, hits INT)");
        }
        AtomicLong reads = new AtomicLong();
        ExecutorService workers = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < THREADS; w++) {
                int worker = w;
                done.add(workers.submit(() -> {
                    for (int i = 0; i < OPERATIONS; i++) {
                        int id = worker * OPERATIONS + i;
                        try (Connection c = pool.getConnection()) {
                            try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " VALUES (?, ?, 0)")) {
                                ins.setInt(1, id);
                                ins.setInt(2, worker);
                                ins.executeUpdate();
                            }
                            try (PreparedStatement upd = c.prepareStatement("UPDATE " + table + " SET hits = hits + 1 WHERE id = ?")) {
                                upd.setInt(1, id);
                                assertThat(upd.executeUpdate()).isEqualTo(1);
                            }
                            try (PreparedStatement sel = c.prepareStatement("SELECT hits FROM " + table + " WHERE id = ?")) {
                                sel.setInt(1, id);
                                try (ResultSet rs = sel.executeQuery()) {
                                    assertThat(rs.next()).isTrue();
                                    assertThat(rs.getInt(1)).isEqualTo(1);
                                    reads.incrementAndGet();
                                }
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            workers.shutdownNow();
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(hits) FROM " + table)) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo((long) THREADS * OPERATIONS);
            assertThat(rs.getLong(2)).isEqualTo((long) THREADS * OPERATIONS);
        }
        assertThat(reads.get()).isEqualTo((long) THREADS * OPERATIONS);
        assertThat(pool.getHikariPoolMXBean().getTotalConnections()).as("no connection was evicted").isEqualTo(POOL);
    }

    @Test
    @Order(3)
    void aThousandConnectionsAddAtMostTwoDriverThreadsAndNoneOutliveTheGracePeriod() throws SQLException {
        String clusterId = "threads-" + cluster.name();
        String url = cluster.auroraUrl() + "&monitorIdleTimeoutMs=500&clusterId=" + clusterId;
        // Other test classes' clusters may still have monitors in their grace period: count only new threads.
        Set<String> before = new HashSet<>(driverThreadNames());
        List<Connection> open = new ArrayList<>();
        ClusterContext context;
        long started = System.nanoTime();
        long closing = 0;
        try {
            for (int i = 0; i < 1000; i++) {
                open.add(DriverManager.getConnection(url, cluster.user(), cluster.password()));
            }
            context = WriterRoutingIT.contextOf(open.get(0));
            try (Statement s = open.get(999).createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
            }
            List<String> added = newThreads(before);
            assertThat(added).as("driver threads added by 1,000 connections").hasSizeLessThanOrEqualTo(2)
                    .allMatch(name -> name.contains(clusterId));
        } finally {
            closing = System.nanoTime();
            for (Connection c : open) {
                c.close();
            }
        }
        long closed = System.nanoTime();
        long deadline = closed + TimeUnit.SECONDS.toNanos(10);
        while (!newThreads(before).isEmpty() && System.nanoTime() < deadline) {
            WriterRoutingIT.sleep(50);
        }
        System.out.printf("1,000 connections: opened in %d ms, closed in %d ms; the driver's threads gone %d ms later%n",
                TimeUnit.NANOSECONDS.toMillis(closing - started), TimeUnit.NANOSECONDS.toMillis(closed - closing),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closed));
        assertThat(newThreads(before)).as("driver threads left after the grace period (%s): %s", context, stacks(before))
                .isEmpty();
    }

    /** What the driver's threads that are not in {@code before} are doing. */
    private static String stacks(Set<String> before) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("aurora-jdbc") && !before.contains(e.getKey().getName())) {
                b.append('\n').append(e.getKey().getName());
                for (StackTraceElement f : e.getValue()) {
                    b.append("\n\tat ").append(f);
                }
            }
        }
        return b.toString();
    }

    private static List<String> newThreads(Set<String> before) {
        List<String> added = new ArrayList<>(driverThreadNames());
        added.removeAll(before);
        return added;
    }

    private static List<String> driverThreadNames() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().startsWith("aurora-jdbc")) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
