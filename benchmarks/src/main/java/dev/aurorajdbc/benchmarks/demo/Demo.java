package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.testcluster.ContinuousWriter;
import dev.aurorajdbc.testcluster.FailoverReport;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A narrated failover on a local cluster, with the application on {@code jdbc:aurora:}. One application thread
 * inserts a row every 10 ms through a connection from {@code DriverManager}; when the writer fails, the driver moves
 * the connection to the new writer and reports SQLState {@code 08S02}, and the application redoes the insert on the
 * same connection (after any other error it takes a new connection). Meanwhile the demo injects a fault
 * on the writer and the control plane fails over. It prints a live timeline and a summary: the write-unavailability
 * window, the failover steps, and whether every acknowledged write is on the new writer.
 */
public final class Demo {
    /** Exit status: the demo ran, and in sync mode no acknowledged write was lost. */
    public static final int OK = 0;
    /** Exit status: writes did not resume, or an acknowledged write was lost although replication was synchronous. */
    public static final int FAILED = 1;
    /** Exit status: the cluster could not start on this machine (binaries missing, …); the message says why. */
    public static final int NO_CLUSTER = 3;

    private static final String TABLE = "demo_writes";
    private static final long WRITE_EVERY_MS = 10;
    private static final long FAULT_AFTER_MS = 2_000;
    private static final long RUN_AFTER_RECOVERY_MS = 2_000;
    private static final long MAX_WAIT_MS = 90_000;

    private final DemoOptions options;
    private final Narrator narrator;
    /** When the fault was injected, on the timeline; -1 before. */
    private volatile long faultAtMillis = -1;
    /** When the application's writes resumed after the fault, on the timeline; -1 before. */
    private volatile long resumedAtMillis = -1;

    /** A demo with these options, narrated on {@code out}. */
    public Demo(DemoOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options, "options");
        this.narrator = new Narrator(Objects.requireNonNull(out, "out"));
    }

    /** Runs the demo and returns its exit status ({@link #OK}, {@link #FAILED} or {@link #NO_CLUSTER}). */
    public int run() {
        say("starting a " + options.engine().urlName() + " cluster: 1 writer + " + count(options.replicas(), "replica") + ", "
                + (options.sync() ? "synchronous" : "asynchronous") + " replication, automatic failover by the control"
                + " plane's watchdog");
        TestCluster cluster;
        try {
            cluster = TestCluster.builder(options.engine()).replicas(options.replicas()).sync(options.sync()).start();
        } catch (RuntimeException e) {
            say("the cluster did not start: " + e.getMessage());
            return NO_CLUSTER;
        }
        try (cluster) {
            return run(cluster);
        } catch (RuntimeException | SQLException e) {
            say("the demo failed: " + e);
            return FAILED;
        }
    }

    private int run(TestCluster cluster) throws SQLException {
        Node first = cluster.writer();
        say("cluster " + cluster.name() + " is up in " + cluster.startupMillis() + " ms, its server " + cluster.server()
                + "; writer " + first.id() + " at " + first.address() + ", replicas "
                + cluster.replicas().stream().map(Node::id).collect(Collectors.joining(", ")));
        // The report comes once the failover is over (the old writer rejoined): its moments are in the past, on the
        // same timeline as the stamps. The promote step returns once the control plane has seen the new writer take
        // writes; clients can write to it a moment before (pg_promote looks every 100 ms, then a check connects).
        cluster.onFailover(r -> say("control plane: failover (" + r.trigger() + ") " + r.oldWriter() + " -> " + r.newWriter()
                + " done: it began at " + narrator.at(r.startedAtMillis()) + sinceFault(r.startedAtMillis()) + "; the control"
                + " plane saw " + r.newWriter() + " take writes (its promote step returned) at "
                + narrator.at(r.startedAtMillis() + r.writableAfterMs()) + resumedBefore(r) + "; steps: " + steps(r)));
        AuroraApplication app = new AuroraApplication(cluster, narrator);
        say("application: inserts a row every " + WRITE_EVERY_MS + " ms through " + app.url());
        say("application: after SQLState 08S02 (the driver moved the connection to the new writer) it redoes the insert"
                + " on the same connection; after any other error it closes the connection and asks DriverManager for a"
                + " new one; its own timeouts: " + AuroraApplication.TIMEOUT_MS + " ms (connectTimeoutMs, socketTimeout)."
                + " The driver's probes and topology refresh are at their defaults.");
        DriverView view = new DriverView(narrator).start();
        try (view; ContinuousWriter writer = new ContinuousWriter(cluster, TABLE, WRITE_EVERY_MS, app)) {
            writer.onEvent(e -> {
                if (e.startsWith("writes resumed") && faultAtMillis >= 0 && resumedAtMillis < 0) {
                    resumedAtMillis = narrator.millis();
                }
                say("application: " + e);
            }).start();
            if (!awaitWrites(writer, 1)) {
                say("the application wrote nothing through jdbc:aurora: in " + MAX_WAIT_MS / 1000 + " s; giving up");
                return FAILED;
            }
            pause(FAULT_AFTER_MS);
            faultAtMillis = narrator.millis();
            say("FAULT: " + options.fault().description() + " on writer " + first.id() + ", after "
                    + writer.acknowledged().size() + " acknowledged writes");
            String rule = options.fault() == Fault.FAILOVER ? null : cluster.watchdogRule(options.fault() != Fault.KILL);
            if (rule != null) {
                say("control plane: its watchdog " + rule);
            }
            writer.markFault();
            options.fault().inject(cluster, first);
            if (!writer.awaitResumed(MAX_WAIT_MS)) {
                say("writes did not resume within " + MAX_WAIT_MS / 1000 + " s");
                return FAILED;
            }
            pause(RUN_AFTER_RECOVERY_MS);
            writer.stop();
            options.fault().clear(cluster, first);
            say("application stopped; checking every acknowledged write on the writer");
            return summary(cluster, writer, app, first);
        }
    }

    private int summary(TestCluster cluster, ContinuousWriter w, AuroraApplication app, Node first) throws SQLException {
        Node writer = cluster.awaitWriter(Duration.ofSeconds(30));
        long lost = w.missingOn(writer).size();
        narrator.print("");
        narrator.print("Summary");
        narrator.print("  fault:                      " + options.fault().description() + " on writer " + first.id());
        narrator.print("  writer now:                 " + writer.id() + " (" + writer.address() + ")");
        for (FailoverReport r : cluster.failovers()) {
            narrator.print("  failover:                   " + r.oldWriter() + " -> " + r.newWriter() + " (" + r.trigger()
                    + "), took writes after " + r.writableAfterMs() + " ms (as the control plane saw it), steps: " + steps(r));
        }
        narrator.print("  write-unavailability:       " + w.unavailabilityMs()
                + " ms (last acknowledged write before the fault to the first after it)");
        narrator.print("  writes acknowledged:        " + w.acknowledged().size() + " (" + count(w.failures(), "failed write")
                + ", " + count(w.connectFailures(), "failed getConnection() call") + ", " + count(w.reconnects(), "connection")
                + ")");
        narrator.print("  acknowledged writes lost:   " + lost + (lost > 0 && !cluster.sync()
                ? "  (asynchronous replication: run with --sync and none are)" : ""));
        narrator.print("  client:                     jdbc:aurora: (aurora-jdbc) over " + app.nativeDriver()
                + "; the connection fails over by itself (08S02), the application redoes the insert");
        return lost > 0 && cluster.sync() ? FAILED : OK;
    }

    private boolean awaitWrites(ContinuousWriter writer, int count) {
        long deadline = System.nanoTime() + Duration.ofMillis(MAX_WAIT_MS).toNanos();
        while (writer.acknowledged().size() < count) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            pause(WRITE_EVERY_MS);
        }
        return true;
    }

    /** {@code  (2.240 s after the fault)} for a moment of a report (epoch milliseconds); empty before the fault. */
    private String sinceFault(long epochMillis) {
        long fault = faultAtMillis;
        if (fault < 0) {
            return "";
        }
        return " (" + Narrator.seconds(narrator.millisOf(epochMillis) - fault) + " after the fault)";
    }

    /**
     * {@code ; the application's writes had resumed there 17 ms before} when they had: the control plane confirms a
     * promotion a moment after the server takes writes, and the driver finds the new writer by itself.
     */
    private String resumedBefore(FailoverReport r) {
        long resumed = resumedAtMillis;
        long confirmed = narrator.millisOf(r.startedAtMillis() + r.writableAfterMs());
        return resumed >= 0 && resumed < confirmed
                ? " (the application's writes had resumed there " + (confirmed - resumed) + " ms before)" : "";
    }

    private void say(String text) {
        narrator.say(text);
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private static String steps(FailoverReport r) {
        return r.steps().stream().map(s -> s.name() + " " + s.millis() + " ms").collect(Collectors.joining(", "));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
