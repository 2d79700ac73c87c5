package dev.aurorajdbc.testcluster;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The control plane's one background thread: the watchdog that fails over when the writer has been unreachable
 * through its public address for the auto-failover delay (as Aurora does), and the periodic refresh of the
 * Aurora metadata (replica lag, last-update timestamps).
 */
final class ControlLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(ControlLoop.class.getName());
    private static final long TICK_MS = 200;
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(800);

    /**
     * The watchdog's rule in words, with the moment it fails over after the writer's last answer: each round probes
     * the writer (a connection and {@code isValid}, bounded by {@link #PROBE_TIMEOUT} as the engine's driver applies
     * it), then sleeps {@link #TICK_MS}; a probe that fails when the writer has not answered for {@code delay} is
     * followed, under the control plane's lock, by one more probe, and when that fails too the failover begins.
     */
    static String describe(Duration delay, Engine engine, boolean hung) {
        long probe = probeBoundMillis(engine);
        long d = delay.toMillis();
        // A writer that refuses at once fails each probe in no time; a hung one costs each probe its bound.
        long failing = hung ? probe : 0;
        long round = TICK_MS + failing;
        long rounds = Math.max(1, (d + round - 1) / round);
        long begins = rounds * round + failing;
        return "probes the writer every " + TICK_MS + " ms (a probe gives up after " + probe + " ms"
                + (engine == Engine.POSTGRESQL ? ": pgjdbc counts whole seconds" : "") + ") and fails over once the writer has"
                + " not answered for " + d + " ms and one more probe fails: for a writer that "
                + (hung ? "hangs (each probe waits out its " + probe + " ms)," : "refuses connections,")
                + " about " + begins + " ms after its last answer";
    }

    /** {@link #PROBE_TIMEOUT} as the engine's driver applies it ({@code TestCluster.connectionProperties}). */
    private static long probeBoundMillis(Engine engine) {
        long ms = PROBE_TIMEOUT.toMillis();
        return engine == Engine.POSTGRESQL ? Math.max(1, (ms + 999) / 1000) * 1000 : ms;
    }

    private final TestCluster cluster;
    private final Duration failoverDelay;
    private final Duration metadataInterval;
    private final Thread thread;
    private volatile boolean running = true;

    ControlLoop(TestCluster cluster, Duration failoverDelay, Duration metadataInterval) {
        this.cluster = cluster;
        this.failoverDelay = failoverDelay;
        this.metadataInterval = metadataInterval;
        this.thread = new Thread(this, "aurora-testcluster-" + cluster.clusterName() + "-control");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void stop() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        long lastAnswer = System.nanoTime();
        String probedWriter = null;
        long nextMetadata = System.nanoTime();
        while (running && !cluster.isClosed()) {
            try {
                Node writer = failoverDelay == null ? null : cluster.writerIfAny();
                if (writer == null) {
                    // No watchdog, or a failover is between fencing the old writer and promoting the new one: that
                    // failover decides; the new writer is watched from its first answer on.
                    probedWriter = null;
                } else {
                    if (!writer.id().equals(probedWriter)) {
                        probedWriter = writer.id();
                        lastAnswer = System.nanoTime();
                    }
                    if (cluster.answers(writer, PROBE_TIMEOUT)) {
                        lastAnswer = System.nanoTime();
                    } else if (System.nanoTime() - lastAnswer >= failoverDelay.toNanos()) {
                        failover(writer);
                        lastAnswer = System.nanoTime();
                    }
                }
                if (metadataInterval != null && System.nanoTime() >= nextMetadata) {
                    nextMetadata = System.nanoTime() + metadataInterval.toNanos();
                    if (cluster.tryLock(Duration.ZERO)) {
                        try {
                            cluster.publishMetadata();
                        } finally {
                            cluster.unlock();
                        }
                    }
                }
                Thread.sleep(TICK_MS);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (running) {
                    LOG.log(Level.WARNING, "[" + cluster.clusterName() + "] control loop: " + e.getMessage(), e);
                }
                sleepQuietly(1_000);
            }
        }
    }

    private void failover(Node unreachableWriter) {
        if (!cluster.tryLock(Duration.ofSeconds(1))) {
            return; // an operation is under way (perhaps a failover already); look again next tick
        }
        try {
            // Another operation may have replaced the writer meanwhile, or brought it back.
            if (cluster.writerIfAny() != unreachableWriter || cluster.answers(unreachableWriter, PROBE_TIMEOUT)) {
                return;
            }
            LOG.warning("[" + cluster.clusterName() + "] writer " + unreachableWriter.id() + " unreachable for "
                    + failoverDelay.toMillis() + " ms: failing over");
            cluster.failoverLocked(null, "watchdog");
        } finally {
            cluster.unlock();
        }
    }

    private void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
