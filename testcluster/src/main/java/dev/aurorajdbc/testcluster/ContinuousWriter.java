package dev.aurorajdbc.testcluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A write workload for failover tests and the demo: one thread inserts a row every {@code intervalMs} and, whenever
 * its connection breaks, closes it and takes a new one from its {@link ConnectionSource} (after SQLState
 * {@code 08S02} or {@code 08007}, a failover driver's "the connection moved to the new writer", it redoes the insert on
 * the same connection). By default the source is
 * {@link #anyWritableNode(TestCluster)}: the native driver, asking each node in turn whether it accepts writes — what
 * an application does without {@code jdbc:aurora:}; the demo supplies one that asks {@code DriverManager} for a
 * {@code jdbc:aurora:} connection instead. It records every acknowledged row, so a test can check that none was
 * lost, and the times around a fault, so it can measure the write-unavailability window.
 */
public final class ContinuousWriter implements AutoCloseable {
    private static final String FAILED_OVER = "08S02";
    private static final String FAILED_OVER_IN_TRANSACTION = "08007";
    /** Pause before the next attempt when the source has no connection to give. */
    private static final long RETRY_MS = 20;

    /** Where the writer gets a connection to write through: at the start, and after every failure. */
    @FunctionalInterface
    public interface ConnectionSource {
        /**
         * A connection that accepts writes; the writer owns it and closes it when it breaks.
         *
         * @return the connection, or {@code null} when no node accepts writes right now (the writer tries again
         *         shortly; not counted as a failure)
         * @throws SQLException when getting one failed: counted in {@link #connectFailures()}, and the writer tries
         *         again shortly
         */
        Connection get() throws SQLException;
    }

    private final TestCluster cluster;
    private final String table;
    private final long intervalMs;
    private final ConnectionSource source;
    private final Thread thread;
    private final List<Long> acked = new ArrayList<>();
    private volatile Consumer<String> events = e -> { };
    private volatile boolean stop;
    private volatile long faultAtNanos;
    private volatile boolean failedSinceFault;
    private volatile long lastAckBeforeFault;
    private volatile long firstAckAfterFault;
    private volatile long failures;
    private volatile long connectFailures;
    private volatile long reconnects;
    /**
     * Whether the last attempt failed, so that only the first failure in a row (or on a new connection) is reported;
     * writer thread only.
     */
    private boolean failing;

    /**
     * A writer whose connections come from {@link #anyWritableNode(TestCluster)}. Creates {@code table}
     * (id BIGINT PRIMARY KEY) on the writer; {@link #start()} begins writing.
     */
    public ContinuousWriter(TestCluster cluster, String table, long intervalMs) throws SQLException {
        this(cluster, table, intervalMs, anyWritableNode(cluster));
    }

    /**
     * A writer whose connections come from {@code source}. Creates {@code table} (id BIGINT PRIMARY KEY) on the
     * cluster's writer through the native driver; {@link #start()} begins writing.
     */
    public ContinuousWriter(TestCluster cluster, String table, long intervalMs, ConnectionSource source) throws SQLException {
        this.cluster = cluster;
        this.table = table;
        this.intervalMs = intervalMs;
        this.source = Objects.requireNonNull(source, "source");
        try (Connection c = connect(cluster.writer(), 5); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, note VARCHAR(40))");
        }
        this.thread = new Thread(this::run, "continuous-writer-" + table);
        this.thread.setDaemon(true);
    }

    /** Receives one line per notable event (first failure after success, resumption). */
    public ContinuousWriter onEvent(Consumer<String> listener) {
        this.events = listener;
        return this;
    }

    /** Starts the writing thread; returns this writer. */
    public ContinuousWriter start() {
        thread.start();
        return this;
    }

    /**
     * Marks that a fault is being injected. The window is measured around the first failed write after this mark:
     * from the last write acknowledged before that failure to the first acknowledged after it (a write that still
     * lands while the fault takes effect does not count as recovery).
     */
    public void markFault() {
        failedSinceFault = false;
        firstAckAfterFault = 0;
        faultAtNanos = System.nanoTime();
    }

    /** Waits until a write is acknowledged after the last {@link #markFault()}; false on timeout. */
    public boolean awaitResumed(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (firstAckAfterFault == 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(10);
        }
        return true;
    }

    /** Milliseconds from the last acknowledged write before the fault to the first after it; -1 if not resumed. */
    public long unavailabilityMs() {
        long after = firstAckAfterFault;
        return after == 0 ? -1 : TimeUnit.NANOSECONDS.toMillis(after - lastAckBeforeFault);
    }

    /** Failed write attempts so far. */
    public long failures() {
        return failures;
    }

    /** Failed attempts to get a connection from the source so far (a {@code null} answer is not one). */
    public long connectFailures() {
        return connectFailures;
    }

    /** Connections taken from the source so far, the first one included. */
    public long reconnects() {
        return reconnects;
    }

    /** The acknowledged ids so far. */
    public List<Long> acknowledged() {
        synchronized (acked) {
            return List.copyOf(acked);
        }
    }

    /** The acknowledged ids that {@code node} does not have. */
    public List<Long> missingOn(Node node) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection c = connect(node, 10); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        List<Long> missing = new ArrayList<>();
        for (long id : acknowledged()) {
            if (!present.contains(id)) {
                missing.add(id);
            }
        }
        return missing;
    }

    /** Stops writing (idempotent). */
    @Override
    public void close() {
        stop();
    }

    /** Stops writing and waits for the thread (bounded); the acknowledged ids are final afterwards. */
    public void stop() {
        stop = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        Connection c = null;
        long nextId = 1;
        while (!stop) {
            try {
                if (c == null) {
                    c = newConnection();
                    if (c == null) {
                        sleep(RETRY_MS);
                        continue;
                    }
                    reconnects++;
                    failing = false; // the first failure on a new connection is reported too
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, note) VALUES (?, ?)")) {
                    ps.setLong(1, nextId);
                    ps.setString(2, "continuous writer");
                    ps.executeUpdate();
                }
                long now = System.nanoTime();
                synchronized (acked) {
                    acked.add(nextId++);
                }
                if (!failedSinceFault) {
                    lastAckBeforeFault = now;
                } else if (firstAckAfterFault == 0) {
                    firstAckAfterFault = now;
                    events.accept("writes resumed " + TimeUnit.NANOSECONDS.toMillis(now - lastAckBeforeFault)
                            + " ms after the last acknowledged write before the fault");
                }
                failing = false;
                sleep(intervalMs);
            } catch (SQLException e) {
                failures++;
                failed();
                boolean landedBefore = e.getErrorCode() == 1062 || "23505".equals(e.getSQLState());
                // 08S02 / 08007: a failover driver (jdbc:aurora:, the AWS wrapper) moved the connection to the new
                // writer; it is usable, the statement is redone on it.
                boolean failedOver = FAILED_OVER.equals(e.getSQLState()) || FAILED_OVER_IN_TRANSACTION.equals(e.getSQLState());
                if (!failing || failedOver) {
                    events.accept("write failed: SQLState " + e.getSQLState() + ": " + firstLine(e.getMessage())
                            + (landedBefore ? " (an earlier attempt committed although its acknowledgement was lost;"
                                    + " not counted as acknowledged)" : "")
                            + (failedOver ? " (the same connection goes on)" : ""));
                    failing = true;
                }
                if (!failedOver && !landedBefore) {
                    closeQuietly(c);
                    c = null;
                }
                if (landedBefore) {
                    nextId++;
                }
            }
        }
        closeQuietly(c);
    }

    /** A connection from the source, or null (the source had none, or failed: counted, reported when first). */
    private Connection newConnection() {
        try {
            return source.get();
        } catch (SQLException e) {
            connectFailures++;
            failed();
            if (!failing) {
                events.accept("no connection: SQLState " + e.getSQLState() + ": " + firstLine(e.getMessage()));
                failing = true;
            }
            return null;
        }
    }

    private void failed() {
        if (faultAtNanos != 0) {
            failedSinceFault = true;
        }
    }

    /**
     * The native driver's way: asks each node in turn (through its proxy, 2 s connect, login and socket timeouts)
     * whether it accepts writes, and returns a connection to the first that does, or {@code null} when none does.
     */
    public static ConnectionSource anyWritableNode(TestCluster cluster) {
        Objects.requireNonNull(cluster, "cluster");
        return () -> {
            String sql = cluster.engine() == Engine.POSTGRESQL ? "SELECT NOT pg_is_in_recovery()" : "SELECT @@read_only = 0";
            for (Node n : cluster.nodes()) {
                Connection c = null;
                try {
                    c = cluster.connect(n, Duration.ofSeconds(2));
                    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                        if (rs.next() && rs.getBoolean(1)) {
                            return c;
                        }
                    }
                } catch (SQLException e) {
                    // not this node
                }
                closeQuietly(c);
            }
            return null;
        };
    }

    private Connection connect(Node node, int timeoutSeconds) throws SQLException {
        return cluster.connect(node, Duration.ofSeconds(timeoutSeconds));
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
