package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.Assertions;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A writer and replicas of real PostgreSQL servers on 127.0.41.x for the engine's integration tests: a
 * {@link LocalBackend}, a {@link PostgresEngine} with an Aurora metadata double that adds nothing, and helpers
 * that poll conditions against deadlines.
 */
final class PostgresTestCluster implements AutoCloseable {
    /** The budget of one cluster operation. */
    static final Duration OP = Duration.ofSeconds(90);
    /** The budget of one wait for replicated data. */
    static final Duration WAIT = Duration.ofSeconds(30);

    final LocalBackend backend;
    final PostgresEngine engine;
    final ClusterConfig config;
    final List<NodeRuntime> nodes = new ArrayList<>();
    private final LogCapture log = new LogCapture();

    /**
     * Creates the backend and the nodes {@code <prefix>.<first>}, {@code <prefix>.<first + 1>}, … (not started).
     *
     * @param ids node ids; node {@code i} listens on {@code 127.0.41.(firstOctet + i)}:5432
     */
    PostgresTestCluster(String clusterId, int firstOctet, Binaries binaries, String... ids) {
        this.backend = new LocalBackend(clusterId, engine -> binaries);
        this.engine = new PostgresEngine(new NoMetadata());
        // Passwords with the characters that need escaping in SQL, conninfo strings and password files.
        this.config = new ClusterConfig(Engine.POSTGRESQL, clusterId, "app db", "app_user", "app'pw:\\x",
                "aurora_admin", "adm:pw\\'\"", false);
        for (int i = 0; i < ids.length; i++) {
            nodes.add(backend.create(Engine.POSTGRESQL, ids[i], "127.0.41." + (firstOctet + i), 5432));
        }
        Logger.getLogger(PostgresEngine.class.getName()).addHandler(log);
    }

    /** The system's (or configured) binaries; aborts the test, or fails it in CI, when there are none. */
    static Binaries binariesOrSkip() {
        try {
            return PostgresBinaries.locate();
        } catch (TestClusterException e) {
            throw dev.aurorajdbc.testcluster.junit.TestClusterExtension.unavailable("PostgreSQL binaries are missing", e);
        }
    }

    NodeRuntime node(int index) {
        return nodes.get(index);
    }

    /** Writer on node 0, replicas on the others, every operation timed. */
    PostgresTestCluster startAll() {
        timed("initWriter", () -> engine.initWriter(node(0), config, OP));
        for (NodeRuntime replica : nodes.subList(1, nodes.size())) {
            timed("initReplica", () -> engine.initReplica(replica, node(0), config, OP));
        }
        return this;
    }

    void timed(String op, Runnable action) {
        timed(op, () -> {
            action.run();
            return null;
        });
    }

    <T> T timed(String op, Supplier<T> action) {
        long start = System.nanoTime();
        T result = action.get();
        System.out.printf("[timing] %s %s %d ms%n", config.clusterId(), op, (System.nanoTime() - start) / 1_000_000);
        return result;
    }

    Connection admin(NodeRuntime node) throws SQLException {
        return engine.admin(node, Duration.ofSeconds(10));
    }

    /** A connection as the application user to the application database, through the engine's JDBC URL. */
    Connection app(NodeRuntime node) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", config.user());
        props.setProperty("password", config.password());
        props.setProperty("connectTimeout", "10");
        props.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(engine.jdbcUrl(node.serverHost(), node.serverPort(), config), props);
    }

    void createTable(NodeRuntime writer) throws SQLException {
        try (Connection c = app(writer); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id int PRIMARY KEY, note text)");
        }
    }

    void insert(NodeRuntime writer, int id) throws SQLException {
        try (Connection c = app(writer); PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
            ps.setInt(1, id);
            ps.setString(2, "row " + id);
            ps.executeUpdate();
        }
    }

    boolean hasRow(NodeRuntime node, int id) throws SQLException {
        try (Connection c = app(node); PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM t WHERE id = ?")) {
            ps.setInt(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1;
            }
        }
    }

    void awaitRows(NodeRuntime node, int... ids) {
        for (int id : ids) {
            await("row " + id + " on " + node.id(), WAIT, () -> hasRow(node, id));
        }
    }

    /** One row of {@code pg_stat_wal_receiver}: {@code status host:port}, or {@code none}. */
    String walReceiver(NodeRuntime node) throws SQLException {
        try (Connection c = admin(node); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver")) {
            return rs.next() ? rs.getString(1) + " " + rs.getString(2) + ":" + rs.getInt(3) : "none";
        }
    }

    boolean writable(NodeRuntime node) throws SQLException {
        try (Connection c = admin(node)) {
            return engine.isWritable(c);
        }
    }

    /**
     * The invariant after a failover: {@code writer} is the only writable node, every other node streams from it,
     * and every node has {@code rows}.
     */
    void assertOneWriterOthersStreaming(NodeRuntime writer, int... rows) throws SQLException {
        for (NodeRuntime node : nodes) {
            if (node == writer) {
                assertThat(writable(node)).as("%s is writable", node.id()).isTrue();
            } else {
                assertThat(writable(node)).as("%s is read-only", node.id()).isFalse();
                await(node.id() + " streams from " + writer.id(), WAIT,
                        () -> walReceiver(node).equals("streaming " + writer.serverHost() + ":" + writer.serverPort()));
            }
            awaitRows(node, rows);
        }
    }

    /** A condition that may throw SQLException. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws SQLException;
    }

    /** Polls {@code condition} every 50 ms until it holds, failing after {@code within}. */
    static void await(String what, Duration within, Condition condition) {
        long end = System.nanoTime() + within.toNanos();
        String last = "false";
        while (true) {
            try {
                if (condition.holds()) {
                    return;
                }
                last = "false";
            } catch (SQLException e) {
                last = e.getSQLState() + " " + e.getMessage();
            }
            if (System.nanoTime() - end >= 0) {
                Assertions.fail(what + ": not within " + within.toMillis() + " ms (last: " + last + ")");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                Assertions.fail("interrupted while waiting for " + what);
            }
        }
    }

    /** The engine's log messages so far. */
    List<String> logMessages() {
        return log.messages();
    }

    Path clusterDir() {
        return backend.clusterDir();
    }

    @Override
    public void close() {
        Logger.getLogger(PostgresEngine.class.getName()).removeHandler(log);
        backend.close();
    }

    /** The Aurora metadata double: no extra configuration, no tables. */
    static final class NoMetadata implements AuroraMetadata {
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
    }

    /** Binaries that hide some tools, as Zonky's bundle does. */
    record WithoutTools(Binaries delegate, List<String> hidden) implements Binaries {
        @Override
        public String origin() {
            return delegate.origin() + " without " + hidden;
        }

        @Override
        public String version() {
            return delegate.version();
        }

        @Override
        public Path tool(String name) {
            return hidden.contains(name) ? null : delegate.tool(name);
        }

        @Override
        public Map<String, String> environment() {
            return delegate.environment();
        }

        @Override
        public String serverUserWhenRoot() {
            return delegate.serverUserWhenRoot();
        }
    }

    private static final class LogCapture extends Handler {
        private final List<String> messages = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void publish(LogRecord record) {
            messages.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        List<String> messages() {
            return List.copyOf(messages);
        }
    }
}
