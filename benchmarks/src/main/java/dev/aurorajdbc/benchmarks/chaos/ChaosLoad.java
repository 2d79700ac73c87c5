package dev.aurorajdbc.benchmarks.chaos;

import com.zaxxer.hikari.HikariDataSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Queue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The application under chaos: threads on one HikariCP pool (configured as the README says) and a churner outside it,
 * written as an application that follows the driver's documented outcomes:
 * <ul>
 *   <li>writers: autocommit inserts of unique ids; {@code 08S02} → the same insert again on the same connection; a
 *       duplicate key on such a redo → the earlier attempt had committed (acknowledged now); any other error → the
 *       connection goes back to the pool, a short backoff, another connection;</li>
 *   <li>transfers: transactions moving an amount between two of {@value #ACCOUNTS} accounts plus a ledger row;
 *       {@code 08007} ({@code SQLTransactionRollbackException}) → the transaction again on the same connection. When
 *       a transaction failed, whether its ledger row landed is asked on the writer before it is redone (the outcome of
 *       a failed commit is unknown): one that landed is acknowledged, not redone;</li>
 *   <li>readers: a write transaction on the writer, then, on the same connection, {@code setReadOnly(true)} and a
 *       read-only transaction that must see it (read-your-writes), then {@code setReadOnly(false)} — the order of
 *       Spring's {@code DataSourceTransactionManager};</li>
 *   <li>churners: {@code DriverManager} connections opened, used once and closed, outside the pool;</li>
 *   <li>a checker: {@code SELECT sum(balance)} on the writer every second.</li>
 * </ul>
 */
final class ChaosLoad {
    static final int ACCOUNTS = 20;
    static final long INITIAL_BALANCE = 1_000;
    static final long TOTAL = ACCOUNTS * INITIAL_BALANCE;
    private static final long MIN_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 200;
    /** How long the outcome of a failed transaction is asked for before it stays unknown. */
    private static final long OUTCOME_CHECK_MS = 60_000;

    private final HikariDataSource pool;
    private final String url;
    private final Properties props;
    private final Calls calls;
    private final ChaosOptions options;
    private final long seed;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stop;

    private final AtomicLong rowIds = new AtomicLong();
    private final AtomicLong transferIds = new AtomicLong();
    private final AtomicLong rywIds = new AtomicLong();
    final Queue<Long> ackedRows = new ConcurrentLinkedQueue<>();
    final Queue<Long> ackedTransfers = new ConcurrentLinkedQueue<>();
    final Queue<Long> ackedRyw = new ConcurrentLinkedQueue<>();
    private long[] ackNanos = new long[1 << 16];
    private int acks;
    final LongAdder sameConnectionRedos = new LongAdder();
    final LongAdder duplicatesOnRedo = new LongAdder();
    final LongAdder commitsUnknown = new LongAdder();
    final LongAdder commitsUnknownLanded = new LongAdder();
    final LongAdder outcomesNeverKnown = new LongAdder();
    final LongAdder landedWithoutCommit = new LongAdder();
    final LongAdder rywReads = new LongAdder();
    final LongAdder staleReads = new LongAdder();
    final Queue<String> staleSamples = new ConcurrentLinkedQueue<>();
    final LongAdder invariantChecks = new LongAdder();
    final LongAdder invariantViolations = new LongAdder();
    final Queue<String> invariantSamples = new ConcurrentLinkedQueue<>();
    final LongAdder churnConnections = new LongAdder();
    final LongAdder brokenOnFirstUse = new LongAdder();

    ChaosLoad(HikariDataSource pool, String url, Properties props, Calls calls, ChaosOptions options, long seed) {
        this.pool = pool;
        this.url = url;
        this.props = props;
        this.calls = calls;
        this.options = options;
        this.seed = seed;
    }

    /** Creates the tables (on the writer, through a plain connection of the caller). */
    static void createSchema(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE chaos_rows (id BIGINT PRIMARY KEY, worker INT NOT NULL)");
            s.execute("CREATE TABLE chaos_accounts (id INT PRIMARY KEY, balance BIGINT NOT NULL)");
            s.execute("CREATE TABLE chaos_transfers (id BIGINT PRIMARY KEY, src INT NOT NULL, dst INT NOT NULL,"
                    + " amount BIGINT NOT NULL)");
            s.execute("CREATE TABLE chaos_ryw (id BIGINT PRIMARY KEY, v BIGINT NOT NULL)");
            StringBuilder insert = new StringBuilder("INSERT INTO chaos_accounts (id, balance) VALUES ");
            for (int i = 1; i <= ACCOUNTS; i++) {
                insert.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(INITIAL_BALANCE).append(')');
            }
            s.execute(insert.toString());
        }
    }

    void start() {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < options.writers(); i++) {
            int w = i;
            thread("chaos-writer-" + i, () -> writer(w));
        }
        for (int i = 0; i < options.transfers(); i++) {
            SplittableRandom r = random.split();
            thread("chaos-transfer-" + i, () -> transfers(r));
        }
        for (int i = 0; i < options.readers(); i++) {
            thread("chaos-reader-" + i, this::reader);
        }
        for (int i = 0; i < options.churners(); i++) {
            SplittableRandom r = random.split();
            thread("chaos-churn-" + i, () -> churn(r));
        }
        thread("chaos-checker", this::checker);
    }

    private void thread(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
    }

    /** Stops the load and waits for its threads; returns the names of those still running after {@code ms}. */
    List<String> stop(long ms) {
        stop = true;
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        List<String> stuck = new ArrayList<>();
        for (Thread t : threads) {
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) {
                stuck.add(t.getName());
            }
        }
        return stuck;
    }

    /** Acknowledgement times of the autocommit inserts, ascending-ish (one per insert, in the order recorded). */
    synchronized long[] ackNanos() {
        long[] copy = Arrays.copyOf(ackNanos, acks);
        Arrays.sort(copy);
        return copy;
    }

    private synchronized void ackNanos(long nanos) {
        if (acks == ackNanos.length) {
            ackNanos = Arrays.copyOf(ackNanos, acks * 2);
        }
        ackNanos[acks++] = nanos;
    }

    // ------------------------------------------------------------------------------------------------ writers

    private void writer(int worker) {
        while (!stop) {
            long id = rowIds.incrementAndGet();
            long backoff = MIN_BACKOFF_MS;
            Connection c = null;
            boolean redo = false;
            try {
                while (!stop) {
                    try {
                        if (c == null) {
                            c = calls.call("pool.getConnection", pool::getConnection);
                            redo = false;
                        }
                        Connection cc = c;
                        try (PreparedStatement ps = calls.call("prepareStatement",
                                () -> cc.prepareStatement("INSERT INTO chaos_rows (id, worker) VALUES (?, ?)"))) {
                            ps.setLong(1, id);
                            ps.setInt(2, worker);
                            calls.call("insert", ps::executeUpdate);
                        }
                        acked(id);
                        break;
                    } catch (SQLException e) {
                        if (Calls.duplicate(e) && redo) {
                            duplicatesOnRedo.increment(); // the first attempt committed; its acknowledgement was lost
                            acked(id);
                            break;
                        }
                        redo = true;
                        if (sameConnection(e)) {
                            sameConnectionRedos.increment();
                        } else {
                            c = release(c);
                            sleep(backoff);
                            backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                        }
                    }
                }
            } finally {
                release(c);
            }
            sleep(2);
        }
    }

    private void acked(long id) {
        ackedRows.add(id);
        ackNanos(System.nanoTime());
    }

    // ------------------------------------------------------------------------------------------------ transfers

    private void transfers(SplittableRandom random) {
        while (!stop) {
            int src = 1 + random.nextInt(ACCOUNTS);
            int dst = 1 + random.nextInt(ACCOUNTS - 1);
            if (dst >= src) {
                dst++;
            }
            long amount = 1 + random.nextInt(50);
            transfer(src, dst, amount);
            sleep(2);
        }
    }

    /** Moves {@code amount} until one transaction with a ledger row is known to have committed (or the load stops). */
    private void transfer(int src, int dst, long amount) {
        long backoff = MIN_BACKOFF_MS;
        Connection c = null;
        try {
            while (!stop) {
                long id = transferIds.incrementAndGet();
                boolean atCommit = false;
                try {
                    if (c == null) {
                        c = calls.call("pool.getConnection", pool::getConnection);
                    }
                    Connection cc = c;
                    calls.run("setAutoCommit", () -> {
                        cc.setAutoCommit(false);
                        return null;
                    });
                    // Lower id first: every transaction locks in the same order, so transfers never deadlock.
                    update(c, Math.min(src, dst), src < dst ? -amount : amount);
                    update(c, Math.max(src, dst), src < dst ? amount : -amount);
                    try (PreparedStatement ps = calls.call("prepareStatement", () -> cc.prepareStatement(
                            "INSERT INTO chaos_transfers (id, src, dst, amount) VALUES (?, ?, ?, ?)"))) {
                        ps.setLong(1, id);
                        ps.setInt(2, src);
                        ps.setInt(3, dst);
                        ps.setLong(4, amount);
                        calls.call("transfer.insert", ps::executeUpdate);
                    }
                    atCommit = true;
                    calls.run("commit", () -> {
                        cc.commit();
                        return null;
                    });
                    ackedTransfers.add(id);
                    autoCommit(c);
                    return;
                } catch (SQLException e) {
                    if (atCommit) {
                        commitsUnknown.increment();
                    }
                    rollback(c);
                    Boolean landed = landed("chaos_transfers", id);
                    if (landed == null) {
                        outcomesNeverKnown.increment();
                    } else if (landed) {
                        if (atCommit) {
                            commitsUnknownLanded.increment();
                            ackedTransfers.add(id);
                            autoCommit(c);
                            return;
                        }
                        landedWithoutCommit.increment(); // a transaction that failed before its commit is in: a defect
                        return;
                    }
                    if (sameConnection(e)) {
                        sameConnectionRedos.increment();
                    } else {
                        c = release(c);
                        sleep(backoff);
                        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    }
                }
            }
        } finally {
            release(c);
        }
    }

    private void update(Connection c, int account, long delta) throws SQLException {
        try (PreparedStatement ps = calls.call("prepareStatement",
                () -> c.prepareStatement("UPDATE chaos_accounts SET balance = balance + ? WHERE id = ?"))) {
            ps.setLong(1, delta);
            ps.setInt(2, account);
            int n = calls.call("transfer.update", ps::executeUpdate);
            if (n != 1) {
                throw new SQLException("account " + account + ": " + n + " rows updated", "CHAOS");
            }
        }
    }

    /**
     * Whether the row {@code id} of {@code table} is on the writer, asked through the pool until an answer comes
     * (up to {@value #OUTCOME_CHECK_MS} ms); null when none came.
     */
    private Boolean landed(String table, long id) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(OUTCOME_CHECK_MS);
        while (System.nanoTime() < deadline) {
            try (Connection c = calls.call("pool.getConnection", pool::getConnection);
                    PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = calls.call("outcome.select", ps::executeQuery)) {
                    rs.next();
                    return rs.getLong(1) > 0;
                }
            } catch (SQLException e) {
                sleep(50);
            }
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ readers

    private void reader() {
        while (!stop) {
            Connection c = null;
            try {
                c = calls.call("pool.getConnection", pool::getConnection);
                for (int i = 0; i < 5 && !stop; i++) {
                    long id = rywIds.incrementAndGet();
                    if (!writeThenRead(c, id)) {
                        break; // this connection's write is not known to be in: take another connection
                    }
                }
            } catch (SQLException e) {
                sleep(MIN_BACKOFF_MS);
            } finally {
                release(c);
            }
            sleep(2);
        }
    }

    /** One write transaction then, on the same connection, one read-only transaction that must see it. */
    private boolean writeThenRead(Connection c, long id) {
        try {
            calls.run("setAutoCommit", () -> {
                c.setAutoCommit(false);
                return null;
            });
            try (PreparedStatement ps = calls.call("prepareStatement",
                    () -> c.prepareStatement("INSERT INTO chaos_ryw (id, v) VALUES (?, ?)"))) {
                ps.setLong(1, id);
                ps.setLong(2, id * 7);
                calls.call("ryw.insert", ps::executeUpdate);
            }
            calls.run("commit", () -> {
                c.commit();
                return null;
            });
            calls.run("setAutoCommit", () -> {
                c.setAutoCommit(true);
                return null;
            });
        } catch (SQLException e) {
            rollback(c);
            autoCommit(c);
            Boolean landed = landed("chaos_ryw", id);
            if (Boolean.TRUE.equals(landed)) {
                ackedRyw.add(id); // in, but not acknowledged to this connection: no read-your-writes to expect
            }
            return false;
        }
        ackedRyw.add(id);
        for (int attempt = 0; attempt < 5 && !stop; attempt++) {
            try {
                calls.run("setReadOnly", () -> {
                    c.setReadOnly(true);
                    return null;
                });
                calls.run("setAutoCommit", () -> {
                    c.setAutoCommit(false);
                    return null;
                });
                Long v = null;
                String host = host(c);
                try (PreparedStatement ps = calls.call("prepareStatement",
                        () -> c.prepareStatement("SELECT v FROM chaos_ryw WHERE id = ?"))) {
                    ps.setLong(1, id);
                    try (ResultSet rs = calls.call("ryw.select", ps::executeQuery)) {
                        if (rs.next()) {
                            v = rs.getLong(1);
                        }
                    }
                }
                calls.run("commit", () -> {
                    c.commit();
                    return null;
                });
                calls.run("setAutoCommit", () -> {
                    c.setAutoCommit(true);
                    return null;
                });
                calls.run("setReadOnly", () -> {
                    c.setReadOnly(false);
                    return null;
                });
                rywReads.increment();
                if (v == null || v != id * 7) {
                    staleReads.increment();
                    if (staleSamples.size() < 10) {
                        staleSamples.add("row " + id + " " + (v == null ? "missing" : "v=" + v) + " on " + host
                                + " at " + java.time.Instant.now());
                    }
                }
                return true;
            } catch (SQLException e) {
                rollback(c);
                autoCommit(c);
                try {
                    c.setReadOnly(false);
                } catch (SQLException ignored) {
                    // the next borrower's pool reset does it
                }
                if (!sameConnection(e)) {
                    return false;
                }
                sameConnectionRedos.increment();
            }
        }
        return false;
    }

    private static String host(Connection c) {
        try {
            return c.unwrap(dev.aurorajdbc.driver.jdbc.AuroraConnection.class).hostDescription();
        } catch (SQLException | RuntimeException e) {
            return "?";
        }
    }

    // ------------------------------------------------------------------------------------------------ churn, checker

    private void churn(SplittableRandom random) {
        while (!stop) {
            try (Connection c = calls.call("churn.connect", () -> DriverManager.getConnection(url, props))) {
                churnConnections.increment();
                if (random.nextBoolean()) {
                    calls.run("churn.setReadOnly", () -> {
                        c.setReadOnly(true);
                        return null;
                    });
                }
                try (Statement s = calls.call("createStatement", c::createStatement);
                        ResultSet rs = calls.call("churn.select", () -> s.executeQuery("SELECT 1"))) {
                    rs.next();
                }
            } catch (SQLException e) {
                // counted by its SQLState
            }
            sleep(50 + random.nextInt(200));
        }
    }

    private void checker() {
        while (!stop) {
            try (Connection c = calls.call("pool.getConnection", pool::getConnection);
                    Statement s = calls.call("createStatement", c::createStatement);
                    ResultSet rs = calls.call("check.select",
                            () -> s.executeQuery("SELECT sum(balance), count(*) FROM chaos_accounts"))) {
                rs.next();
                long sum = rs.getLong(1);
                long n = rs.getLong(2);
                invariantChecks.increment();
                if (sum != TOTAL || n != ACCOUNTS) {
                    invariantViolations.increment();
                    if (invariantSamples.size() < 10) {
                        invariantSamples.add("sum " + sum + ", " + n + " accounts at " + java.time.Instant.now());
                    }
                }
            } catch (SQLException e) {
                // counted by its SQLState
            }
            sleep(1_000);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** The documented outcomes that leave the connection on the new writer: redo on the same connection. */
    static boolean sameConnection(SQLException e) {
        return "08S02".equals(e.getSQLState()) || "08007".equals(e.getSQLState());
    }

    private Connection release(Connection c) {
        if (c != null) {
            try {
                calls.run("close", () -> {
                    c.close();
                    return null;
                });
            } catch (SQLException ignored) {
                // counted
            }
        }
        return null;
    }

    private void rollback(Connection c) {
        if (c == null) {
            return;
        }
        calls.quiet("rollback", () -> {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return null;
        });
    }

    private void autoCommit(Connection c) {
        if (c == null) {
            return;
        }
        calls.quiet("setAutoCommit", () -> {
            c.setAutoCommit(true);
            return null;
        });
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
