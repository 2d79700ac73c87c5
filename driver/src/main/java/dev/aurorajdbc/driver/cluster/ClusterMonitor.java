package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.RuntimeDependencies;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;

/**
 * The one background thread of a cluster: refreshes the topology every {@code refreshMs} and probes the writer every
 * {@code probeMs} while the cluster is calm, does both every {@code fastRefreshMs} while a failure is suspected, and
 * stops {@code idleMs} after the last logical connection closed (the next connection starts it again). However many
 * connections the cluster has, it has one such thread.
 *
 * <p>The thread wakes every {@code fastRefreshMs} and works when a failure is suspected or an interval has passed, so
 * that {@link #suspect()} is a plain volatile write; {@link #wake()} runs a round at once (a connection that just
 * failed wants the writer checked now). The idle stop is a deadline that each wake-up checks, and a round in progress
 * ends early once it has passed ({@link #idleStopDue()}): a round slowed by probe timeouts does not delay the stop by
 * more than the step it is in. Start and stop happen under a lock that is never held across I/O.
 */
final class ClusterMonitor {

    private final ClusterContext cluster;
    private final ClusterLog log;
    private final long refreshMs;
    private final long fastRefreshMs;
    private final long probeMs;
    private final long idleMs;
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by {@link #lock}. */
    private ScheduledExecutorService executor;
    /**
     * When the monitor stops if no connection is open by then (System.nanoTime()); {@link #NOT_IDLE} while a connection
     * is open or opening.
     */
    private volatile long idleStopAt = NOT_IDLE;
    private static final long NOT_IDLE = Long.MIN_VALUE;
    private volatile boolean suspect = true;
    /** The Error that ended the last round, or null once a round completes (and while stopped). */
    private volatile Throwable failure;
    /** A {@link #wake()} round is queued and has not started yet. */
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    /** When the next calm refresh and probe are due (System.nanoTime()); the monitor thread's own. */
    private long nextCalmRefresh;
    private long nextProbe;

    ClusterMonitor(ClusterContext cluster, long refreshMs, long fastRefreshMs, long probeMs, long idleMs) {
        this.cluster = cluster;
        this.log = new ClusterLog(ClusterMonitor.class, cluster.name());
        this.refreshMs = refreshMs;
        this.fastRefreshMs = fastRefreshMs;
        this.probeMs = probeMs;
        this.idleMs = idleMs;
    }

    long fastRefreshMs() {
        return fastRefreshMs;
    }

    /** Starts the thread if it is not running, and cancels a pending idle stop. */
    void start() {
        lock.lock();
        try {
            idleStopAt = NOT_IDLE;
            if (executor == null) {
                ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
                    Thread t = new Thread(r, "aurora-jdbc-monitor-" + cluster.name());
                    t.setDaemon(true);
                    return t;
                });
                pool.setRemoveOnCancelPolicy(true);
                executor = pool;
                log.fine(() -> "monitor started");
                executor.scheduleWithFixedDelay(this::tick, 0, fastRefreshMs, TimeUnit.MILLISECONDS);
            }
        } finally {
            lock.unlock();
        }
    }

    /** A failure is suspected: refresh at the fast pace until the topology has a writer again. */
    void suspect() {
        suspect = true;
    }

    /** The topology has a writer again: back to the calm pace. */
    void calm() {
        suspect = false;
    }

    /** Runs a round now (at most one queued at a time); a no-op while the monitor is stopped. */
    void wake() {
        if (!wakeQueued.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            if (executor != null) {
                executor.execute(this::wokenTick);
                return;
            }
        } finally {
            lock.unlock();
        }
        wakeQueued.set(false);
    }

    /** Runs a round in {@code fastRefreshMs / 5} (at least 10 ms), unless one is queued already: used while no writer is known. */
    void soon() {
        if (!wakeQueued.compareAndSet(false, true)) {
            return;
        }
        lock.lock();
        try {
            if (executor != null) {
                executor.schedule(this::wokenTick, Math.max(10, fastRefreshMs / 5), TimeUnit.MILLISECONDS);
                return;
            }
        } finally {
            lock.unlock();
        }
        wakeQueued.set(false);
    }

    private void wokenTick() {
        wakeQueued.set(false);
        tick();
    }

    /**
     * The last logical connection closed: stop after the idle grace period unless one opens meanwhile (checked on the
     * monitor's next wake-up after it, so up to {@code fastRefreshMs} later).
     */
    void idle() {
        idleStopAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(idleMs);
    }

    /**
     * Whether the idle grace period has passed with no connection open: the round in progress should end (the stop
     * follows when it returns).
     */
    boolean idleStopDue() {
        long at = idleStopAt;
        // A deadline left by a close that raced with a connect is harmless: no stop while a connection is open.
        return at != NOT_IDLE && System.nanoTime() - at >= 0 && !cluster.inUse();
    }

    /** Stops the thread now (the driver is deregistered). */
    void stop() {
        stop(false);
    }

    /**
     * Stops the thread; with {@code onlyIfIdle}, only when the idle stop is due, decided under the lock that
     * {@link #start()} takes, so that a connection that opens meanwhile keeps it running or starts it again.
     */
    private void stop(boolean onlyIfIdle) {
        ScheduledExecutorService stopped;
        lock.lock();
        try {
            if (onlyIfIdle && !idleStopDue()) {
                return;
            }
            stopped = executor;
            executor = null;
            idleStopAt = NOT_IDLE;
            failure = null; // a restarted monitor gets a fresh chance
        } finally {
            lock.unlock();
        }
        if (stopped != null) {
            stopped.shutdownNow();
            cluster.monitorStopped();
            log.fine(() -> "monitor stopped");
        }
    }

    /**
     * Why the monitor cannot work: the {@link Error} that ended its last round; null when its last round completed, and
     * before its first.
     */
    Throwable failure() {
        return failure;
    }

    boolean running() {
        lock.lock();
        try {
            return executor != null;
        } finally {
            lock.unlock();
        }
    }

    private void tick() {
        if (idleStopDue()) {
            stop(true);
            return;
        }
        long now = System.nanoTime();
        boolean fast = suspect;
        boolean refreshDue = fast || now - nextCalmRefresh >= 0;
        boolean probeDue = fast || now - nextProbe >= 0;
        if (!refreshDue && !probeDue) {
            return;
        }
        if (refreshDue) {
            nextCalmRefresh = now + TimeUnit.MILLISECONDS.toNanos(refreshMs);
        }
        if (probeDue) {
            nextProbe = now + TimeUnit.MILLISECONDS.toNanos(probeMs);
        }
        try {
            cluster.monitorRound(refreshDue, probeDue);
            failure = null;
        } catch (RuntimeException e) {
            // A defect met in one round: the next round may well not meet it, so nobody is failed for it.
            log.log(Level.WARNING, e, () -> "monitor round failed");
        } catch (Throwable e) {
            // Caught, not rethrown: a periodic task that throws is never run again, and the monitoring would end in
            // silence. An Error (a class missing from the class path, out of memory) says the rounds cannot work, so
            // the connects waiting for them are told at once.
            Throwable previous = failure;
            failure = e;
            // SEVERE once per kind of failure; the same again each round (every fastRefreshMs) at FINE.
            boolean repeated = previous != null && previous.getClass() == e.getClass()
                    && String.valueOf(previous.getMessage()).equals(String.valueOf(e.getMessage()));
            log.log(repeated ? Level.FINE : Level.SEVERE, e, () -> "the monitor cannot work: its round failed with "
                    + RuntimeDependencies.describe(e) + "; connects that wait for it fail at once until a round completes");
            cluster.monitorFailed();
        }
        if (idleStopDue()) {
            stop(true);
        }
    }
}
