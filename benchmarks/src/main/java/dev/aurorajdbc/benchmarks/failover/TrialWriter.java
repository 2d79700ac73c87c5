package dev.aurorajdbc.benchmarks.failover;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The application of one failover trial: a thread that inserts a row every {@code intervalMs} through one client,
 * written as a real application on that client would be:
 * <ul>
 *   <li>SQLState {@code 08S02} (failed over, the connection is usable) or {@code 08007} (failed over inside a
 *       transaction): the statement is redone on the <em>same</em> connection — the contract of the AWS wrapper and
 *       of {@code jdbc:aurora:}'s in-connection failover;</li>
 *   <li>a duplicate key ({@code 23505}, MySQL error 1062): an earlier attempt committed although its acknowledgement
 *       was lost; the row is not counted as acknowledged and the next id is used;</li>
 *   <li>any other error: the connection is closed and a new one opened, with a bounded exponential backoff
 *       ({@value #MIN_BACKOFF_MS}–{@value #MAX_BACKOFF_MS} ms) between failed attempts.</li>
 * </ul>
 * Autocommit is on, so {@code 08007} does not occur here. Every acknowledged id and the moment of its acknowledgement
 * are recorded; after {@link #stop} they give the write-unavailability window and the check that no acknowledged
 * row was lost.
 */
final class TrialWriter {
    static final long MIN_BACKOFF_MS = 10;
    static final long MAX_BACKOFF_MS = 100;
    private static final Logger LOG = Logger.getLogger(TrialWriter.class.getName());

    private final ClientKind.Connector connector;
    private final String insert;
    private final long intervalMs;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    private long[] ackNanos = new long[4096];
    private long[] ackIds = new long[4096];
    private int acks;
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong connectFailures = new AtomicLong();
    private final AtomicLong connections = new AtomicLong();
    private final AtomicLong sameConnectionRetries = new AtomicLong();
    private final AtomicLong ambiguous = new AtomicLong();
    private final List<String> errors = new ArrayList<>();
    private volatile boolean stop;
    private volatile Connection current;
    private volatile long faultNanos;
    private volatile long firstFailureAfterFaultNanos;
    private volatile long firstAckAfterFailureNanos;

    TrialWriter(ClientKind.Connector connector, String table, long intervalMs) {
        this.connector = connector;
        this.insert = "INSERT INTO " + table + " (id, note) VALUES (?, ?)";
        this.intervalMs = intervalMs;
        this.thread = new Thread(this::run, "failover-trial-writer-" + table);
        this.thread.setDaemon(true);
    }

    TrialWriter start() {
        thread.start();
        return this;
    }

    /** Marks the moment the fault is injected; failures before it do not count. */
    void markFault(long nanos) {
        firstFailureAfterFaultNanos = 0;
        firstAckAfterFailureNanos = 0;
        faultNanos = nanos;
    }

    /** Acknowledged writes so far. */
    int acknowledgedCount() {
        lock.lock();
        try {
            return acks;
        } finally {
            lock.unlock();
        }
    }

    /** Whether a write failed after the fault and a later one was acknowledged. */
    boolean resumed() {
        return firstAckAfterFailureNanos != 0;
    }

    /**
     * Stops writing: waits up to {@code joinMs} for the thread; if it is stuck inside the client (a statement that
     * never returns), aborts its connection ({@link Connection#abort}) and waits again.
     *
     * @return whether the thread ended
     */
    boolean stop(long joinMs) {
        stop = true;
        if (join(joinMs)) {
            return true;
        }
        Connection c = current;
        if (c != null) {
            try {
                c.abort(Runnable::run);
            } catch (SQLException | RuntimeException e) {
                LOG.log(Level.FINE, "abort of a stuck trial connection failed", e);
            }
        }
        return join(joinMs);
    }

    private boolean join(long ms) {
        try {
            thread.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    /**
     * The write-unavailability window around the fault, in ms: the longest gap between two consecutive
     * acknowledgements where the later one came after the fault — from the last write acknowledged before the
     * outage to the first acknowledged after it. -1 when no write was acknowledged after the fault.
     */
    double windowMs() {
        lock.lock();
        try {
            return window(Arrays.copyOf(ackNanos, acks), faultNanos);
        } finally {
            lock.unlock();
        }
    }

    /** The window of {@link #windowMs()} for acknowledgement times {@code acks} (ascending) and a fault at {@code fault}. */
    static double window(long[] acks, long fault) {
        long longest = -1;
        for (int i = 1; i < acks.length; i++) {
            if (acks[i] > fault) {
                longest = Math.max(longest, acks[i] - acks[i - 1]);
            }
        }
        return longest < 0 ? -1 : longest / 1e6;
    }

    /** The acknowledged ids (after {@link #stop}, final). */
    long[] acknowledgedIds() {
        lock.lock();
        try {
            return Arrays.copyOf(ackIds, acks);
        } finally {
            lock.unlock();
        }
    }

    long failures() {
        return failures.get();
    }

    long connectFailures() {
        return connectFailures.get();
    }

    long connections() {
        return connections.get();
    }

    long sameConnectionRetries() {
        return sameConnectionRetries.get();
    }

    long ambiguous() {
        return ambiguous.get();
    }

    /** The distinct errors seen (SQLState and first line), in order, at most 10. */
    List<String> errors() {
        lock.lock();
        try {
            return List.copyOf(errors);
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        long nextId = 1;
        long backoff = MIN_BACKOFF_MS;
        Connection c = null;
        while (!stop) {
            if (c == null) {
                try {
                    c = connector.open();
                    current = c;
                    connections.incrementAndGet();
                    backoff = MIN_BACKOFF_MS;
                } catch (SQLException e) {
                    connectFailures.incrementAndGet();
                    failed(e);
                    sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                    continue;
                }
            }
            try (PreparedStatement ps = c.prepareStatement(insert)) {
                ps.setLong(1, nextId);
                ps.setString(2, "failover trial");
                ps.executeUpdate();
                acknowledged(nextId++, System.nanoTime());
                backoff = MIN_BACKOFF_MS;
                sleep(intervalMs);
            } catch (SQLException e) {
                failures.incrementAndGet();
                failed(e);
                String state = e.getSQLState() == null ? "" : e.getSQLState();
                if (state.equals("23505") || e.getErrorCode() == 1062) {
                    ambiguous.incrementAndGet();
                    nextId++;
                } else if (state.equals("08S02") || state.equals("08007")) {
                    sameConnectionRetries.incrementAndGet();
                } else {
                    close(c);
                    c = null;
                    current = null;
                    sleep(backoff);
                    backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                }
            }
        }
        close(c);
    }

    private void acknowledged(long id, long nanos) {
        lock.lock();
        try {
            if (acks == ackNanos.length) {
                ackNanos = Arrays.copyOf(ackNanos, acks * 2);
                ackIds = Arrays.copyOf(ackIds, acks * 2);
            }
            ackNanos[acks] = nanos;
            ackIds[acks] = id;
            acks++;
        } finally {
            lock.unlock();
        }
        if (firstFailureAfterFaultNanos != 0 && firstAckAfterFailureNanos == 0) {
            firstAckAfterFailureNanos = nanos;
        }
    }

    private void failed(SQLException e) {
        long now = System.nanoTime();
        if (faultNanos != 0 && firstFailureAfterFaultNanos == 0) {
            firstFailureAfterFaultNanos = now;
        }
        String line = e.getSQLState() + ": " + firstLine(e.getMessage());
        lock.lock();
        try {
            if (errors.size() < 10 && !errors.contains(line)) {
                errors.add(line);
            }
        } finally {
            lock.unlock();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static void close(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException | RuntimeException ignored) {
                // broken already
            }
        }
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
