package dev.aurorajdbc.testcluster.cli;

import dev.aurorajdbc.testcluster.ContinuousWriter;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.FailoverReport;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.io.PrintStream;
import java.sql.SQLException;
import java.time.Duration;

/**
 * A narrated failover on a local cluster: one application thread inserts a row every 10 ms and, each time its
 * connection breaks, reconnects to whichever node accepts writes (the native driver and a hand-written retry loop:
 * what an application does without jdbc:aurora:), while the demo injects a fault on the writer and the control
 * plane fails over. It prints a live timeline and a summary: the write-unavailability window, the failover steps,
 * and whether every acknowledged write is on the new writer.
 */
final class Demo {
    private static final long FAULT_AFTER_MS = 2_000;
    private static final long RUN_AFTER_RECOVERY_MS = 2_000;
    private static final long MAX_RUN_MS = 90_000;

    private final Main.Options options;
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private final long wallT0 = System.currentTimeMillis();

    Demo(Main.Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    private void say(String text) {
        out.printf("[%7.3f s] %s%n", (System.nanoTime() - t0) / 1e9, text);
        out.flush();
    }

    int run() {
        say("starting a " + options.engine.urlName() + " cluster: 1 writer + " + options.replicas + " replicas, "
                + (options.sync ? "synchronous" : "asynchronous") + " replication, automatic failover after 1 s");
        try (TestCluster cluster = Main.start(options)) {
            Node first = cluster.writer();
            say("cluster " + cluster.name() + " is up: writer " + first.id() + " at " + first.address() + ", replicas "
                    + cluster.replicas().stream().map(Node::id).toList());
            cluster.onFailover(r -> say("control plane: failover (" + r.trigger() + ") " + r.oldWriter() + " -> " + r.newWriter()
                    + " began at " + String.format("%.3f s", (r.startedAtMillis() - wallT0) / 1e3) + ", new writer writable "
                    + r.writableAfterMs() + " ms later; done: " + steps(r)));
            try (ContinuousWriter writer = new ContinuousWriter(cluster, "demo_writes", 10)) {
                say("application: inserting a row every 10 ms through the native driver");
                writer.onEvent(e -> say("application: " + e)).start();
                sleep(FAULT_AFTER_MS);
                String fault = options.fault;
                say("FAULT: " + describe(fault) + " on writer " + first.id());
                writer.markFault();
                switch (fault) {
                    case "kill": cluster.kill(first); break;
                    case "hang": cluster.hang(first); break;
                    case "cut": cluster.cut(first); break;
                    default: cluster.failover(); break;
                }
                writer.awaitResumed(MAX_RUN_MS);
                sleep(RUN_AFTER_RECOVERY_MS);
                writer.stop();
                if (fault.equals("hang")) {
                    cluster.resume(first);
                } else if (fault.equals("cut")) {
                    cluster.heal(first);
                }
                return summary(cluster, writer, first);
            }
        } catch (RuntimeException | SQLException e) {
            say("the demo failed: " + e.getMessage());
            return 1;
        }
    }

    private int summary(TestCluster cluster, ContinuousWriter w, Node first) throws SQLException {
        Node writer = cluster.awaitWriter(Duration.ofSeconds(30));
        long lost = w.missingOn(writer).size();
        out.println();
        out.println("Summary");
        out.println("  fault:                      " + describe(options.fault) + " on writer " + first.id());
        out.println("  writer now:                 " + writer.id() + " (" + writer.address() + ")");
        for (FailoverReport r : cluster.failovers()) {
            out.println("  failover:                   " + r.oldWriter() + " -> " + r.newWriter() + " (" + r.trigger()
                    + "), writable after " + r.writableAfterMs() + " ms, steps: " + steps(r));
        }
        out.printf("  write-unavailability:       %d ms (last acknowledged write before the fault to first after)%n",
                w.unavailabilityMs());
        out.println("  writes acknowledged:        " + w.acknowledged().size() + " (" + w.failures() + " failed attempts, "
                + w.reconnects() + " connections)");
        out.println("  acknowledged writes lost:   " + lost + (lost > 0 && !cluster.sync()
                ? "  (asynchronous replication: run with --sync and none are)" : ""));
        out.println("  client:                     the native " + (cluster.engine() == Engine.POSTGRESQL ? "pgjdbc" : "Connector/J")
                + " driver with a hand-written reconnect loop (jdbc:aurora: replaces this loop)");
        return lost > 0 && cluster.sync() ? 1 : 0;
    }

    private static String steps(FailoverReport r) {
        StringBuilder b = new StringBuilder();
        for (FailoverReport.Step s : r.steps()) {
            b.append(b.length() == 0 ? "" : ", ").append(s.name()).append(' ').append(s.millis()).append(" ms");
        }
        return b.toString();
    }

    private static String describe(String fault) {
        switch (fault) {
            case "kill": return "SIGKILL";
            case "hang": return "hang (SIGSTOP: connections hang, nothing resets)";
            case "cut": return "network cut (black hole)";
            default: return "Aurora-style failover()";
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
