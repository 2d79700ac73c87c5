package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.benchmarks.demo.Fault;
import dev.aurorajdbc.benchmarks.report.Environment;
import dev.aurorajdbc.benchmarks.report.Json;
import dev.aurorajdbc.benchmarks.report.Stats;
import dev.aurorajdbc.testcluster.FailoverReport;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The failover benchmark: for every client and fault, {@code trials} times, an application inserts a row every few
 * ms through the client while the fault hits the writer of a real cluster, and the harness measures the
 * write-unavailability window the application sees beside the cluster's own time to a writable new writer.
 *
 * <p>One cluster serves every trial. Trials are interleaved — trial 1 of every fault and client, then trial 2, … —
 * so that a slow spell of the machine spreads over all clients rather than falling on one. After each trial the
 * fault is cleared (a cut healed; a hung or killed writer has already been fenced and brought back as a replica by
 * the failover), the cluster has a reachable writer again, and every acknowledged row is checked on it.
 */
public final class FailoverHarness {
    /** Exit status: every trial ran (some clients may have failed to resume: that is a result, not an error). */
    public static final int OK = 0;
    /** Exit status: the harness itself failed (the cluster broke, the results could not be written). */
    public static final int FAILED = 1;
    /** Exit status: the cluster could not start on this machine. */
    public static final int NO_CLUSTER = 3;

    /** Steady writing before the fault: at least this long and this many acknowledged writes. */
    private static final long WARMUP_MS = 500;
    private static final int WARMUP_WRITES = 20;
    /** Writing goes on this long after the first acknowledged write after the outage. */
    private static final long SETTLE_MS = 200;
    private static final Duration CLUSTER_WAIT = Duration.ofSeconds(90);

    private final FailoverOptions options;
    private final PrintStream out;
    private int tableSequence;
    private volatile List<TrialResult> results = List.of();
    private final Map<String, Object> urls = new LinkedHashMap<>();

    /** A harness with these options, reporting progress on {@code out}. */
    public FailoverHarness(FailoverOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Runs every trial, writes the results and returns the exit status. */
    public int run() {
        out.println("failover benchmark: " + options.engine().urlName() + ", 1 writer + " + options.replicas()
                + " replicas, " + (options.sync() ? "synchronous" : "asynchronous") + ", " + options.trials()
                + " trials x faults " + names(options.faults()) + " x clients " + clientNames(options.clients()));
        TestCluster cluster;
        try {
            cluster = TestCluster.builder(options.engine()).replicas(options.replicas()).sync(options.sync())
                    .autoFailover(Duration.ofMillis(options.autoFailoverMs())).start();
        } catch (RuntimeException e) {
            out.println("the cluster did not start: " + e.getMessage());
            return NO_CLUSTER;
        }
        try (cluster) {
            results = runTrials(cluster);
            write(cluster, results);
            return OK;
        } catch (IOException | RuntimeException e) {
            out.println("the failover benchmark failed: " + e);
            e.printStackTrace(out);
            return FAILED;
        }
    }

    /** The trials of the last {@link #run()}, in the order they ran. */
    public List<TrialResult> results() {
        return results;
    }

    private List<TrialResult> runTrials(TestCluster cluster) {
        Map<ClientKind, ClientKind.Connector> connectors = new LinkedHashMap<>();
        for (ClientKind k : options.clients()) {
            boolean awsWrapper = k == ClientKind.AWS_WRAPPER || k == ClientKind.AWS_WRAPPER_ENDPOINT;
            connectors.put(k, k.connector(cluster, options.client(), awsWrapper ? options.awsWrapperProperties() : Map.of()));
        }
        connectors.forEach((k, c) -> urls.put(k.option(), c.url()));
        List<TrialResult> results = new ArrayList<>();
        for (int trial = 1; trial <= options.trials(); trial++) {
            for (Fault fault : options.faults()) {
                for (ClientKind client : options.clients()) {
                    TrialResult r = trial(cluster, client, connectors.get(client), fault, trial);
                    results.add(r);
                    out.printf(Locale.ROOT, "trial %d/%d %-8s %-21s window %s ms, cluster %d ms (watchdog %d + promotion %d),"
                                    + " lost %d%s%n", trial, options.trials(), fault.option(), client.option(),
                            r.resumed() ? String.format(Locale.ROOT, "%.0f", r.windowMs())
                                    : ">= " + options.trialTimeoutMs() + " (did not resume)",
                            r.clusterMs(), r.watchdogMs(), r.promotionMs(), r.lost(),
                            r.note().isEmpty() ? "" : " — " + r.note());
                }
            }
        }
        return results;
    }

    /** One trial: write, inject, measure, clear the fault, check the acknowledged rows. */
    TrialResult trial(TestCluster cluster, ClientKind client, ClientKind.Connector connector, Fault fault, int trial) {
        Node writer = cluster.awaitWriter(CLUSTER_WAIT);
        String table = "failover_trial_" + (++tableSequence);
        List<String> notes = new ArrayList<>();
        execute(cluster, "CREATE TABLE " + table + " (id BIGINT PRIMARY KEY, note VARCHAR(40))");
        TrialWriter w = new TrialWriter(connector, table, options.intervalMs()).start();
        int failoversBefore = cluster.failovers().size();
        long faultMillis = 0;
        boolean injected = false;
        try {
            if (!warmUp(w)) {
                notes.add("the client wrote fewer than " + WARMUP_WRITES + " rows in " + options.trialTimeoutMs()
                        + " ms before the fault; errors: " + w.errors());
            } else {
                long faultNanos = System.nanoTime();
                faultMillis = System.currentTimeMillis();
                w.markFault(faultNanos);
                fault.inject(cluster, writer);
                injected = true;
                long deadline = faultNanos + TimeUnit.MILLISECONDS.toNanos(options.trialTimeoutMs());
                while (!(w.resumed() && cluster.failovers().size() > failoversBefore) && System.nanoTime() < deadline) {
                    sleep(10);
                }
                if (w.resumed()) {
                    sleep(SETTLE_MS);
                } else {
                    notes.add("writes did not resume within " + options.trialTimeoutMs() + " ms");
                }
            }
        } finally {
            if (!w.stop(5_000)) {
                notes.add("the application thread stayed blocked in the client after abort()");
            }
            if (injected) {
                fault.clear(cluster, writer);
            }
        }
        FailoverReport report = null;
        if (injected) {
            try {
                report = cluster.awaitFailovers(failoversBefore + 1, CLUSTER_WAIT);
                report = cluster.failovers().get(failoversBefore);
            } catch (RuntimeException e) {
                notes.add("no failover: " + e.getMessage());
            }
            if (cluster.failovers().size() > failoversBefore + 1) {
                notes.add((cluster.failovers().size() - failoversBefore) + " failovers in one trial");
            }
        }
        long lost = lost(cluster, table, w.acknowledgedIds(), notes);
        execute(cluster, "DROP TABLE " + table);
        long watchdog = report == null ? -1 : Math.max(0, report.startedAtMillis() - faultMillis);
        long promotion = report == null ? -1 : report.writableAfterMs();
        Map<String, Long> steps = new LinkedHashMap<>();
        if (report != null) {
            report.steps().forEach(s -> steps.put(s.name(), s.millis()));
        }
        boolean resumed = w.resumed();
        double window = resumed ? w.windowMs() : options.trialTimeoutMs();
        return new TrialResult(client, fault, trial, resumed, window, watchdog, promotion,
                report == null ? -1 : watchdog + promotion, steps, w.acknowledgedIds().length, lost, w.failures(),
                w.connectFailures(), w.connections(), w.sameConnectionRetries(), w.errors(), String.join("; ", notes));
    }

    private boolean warmUp(TrialWriter w) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(options.trialTimeoutMs());
        while (System.nanoTime() < deadline) {
            if (w.acknowledgedCount() >= WARMUP_WRITES && System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(WARMUP_MS)) {
                return true;
            }
            sleep(10);
        }
        return false;
    }

    /** The acknowledged ids missing on the current writer; -1 when they could not be checked. */
    private long lost(TestCluster cluster, String table, long[] acknowledged, List<String> notes) {
        Set<Long> present = new HashSet<>();
        try (Connection c = cluster.connect(cluster.awaitWriter(CLUSTER_WAIT), Duration.ofSeconds(10));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        } catch (SQLException e) {
            notes.add("acknowledged rows not checked: " + e.getSQLState() + ": " + e.getMessage());
            return -1;
        }
        long missing = 0;
        for (long id : acknowledged) {
            if (!present.contains(id)) {
                missing++;
            }
        }
        return missing;
    }

    private static void execute(TestCluster cluster, String sql) {
        try (Connection c = cluster.connect(cluster.awaitWriter(CLUSTER_WAIT), Duration.ofSeconds(10));
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("'" + sql + "' on the writer failed: " + e.getSQLState() + ": " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------------------------------------ results

    private void write(TestCluster cluster, List<TrialResult> results) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "failover");
        doc.put("machine", Environment.machine());
        Map<String, Object> versions = Environment.libraries();
        versions.put("server", Environment.serverVersion(cluster));
        doc.put("versions", versions);
        doc.put("settings", settings());
        List<Object> groups = new ArrayList<>();
        for (ClientKind client : options.clients()) {
            for (Fault fault : options.faults()) {
                List<TrialResult> group = results.stream().filter(r -> r.client() == client && r.fault() == fault).toList();
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("client", client.option());
                g.put("fault", fault.option());
                g.put("summary", summary(group));
                g.put("trials", group.stream().map(TrialResult::toMap).toList());
                groups.add(g);
            }
        }
        doc.put("results", groups);
        Path json = options.output().toAbsolutePath();
        Files.createDirectories(json.getParent());
        Files.writeString(json, Json.write(doc), StandardCharsets.UTF_8);
        String table = Environment.describe(Environment.machine(), versions) + "\n\n" + table(cluster, results);
        Path md = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(md, table, StandardCharsets.UTF_8);
        out.println();
        out.print(table);
        out.println("results: " + json + " and " + md);
    }

    private Map<String, Object> settings() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("engine", options.engine().urlName());
        s.put("replicas", options.replicas());
        s.put("sync", options.sync());
        s.put("trials", options.trials());
        s.put("faults", options.faults().stream().map(Fault::option).toList());
        s.put("clients", options.clients().stream().map(ClientKind::option).toList());
        s.put("writeIntervalMs", options.intervalMs());
        s.put("connectTimeoutMs", options.client().connectTimeoutMs());
        s.put("socketTimeoutMs", options.client().socketTimeoutMs());
        s.put("trialTimeoutMs", options.trialTimeoutMs());
        s.put("watchdog", "the test cluster's: probes every 200 ms (800 ms timeout), fails over after "
                + options.autoFailoverMs() + " ms without an answer");
        s.put("window", "longest gap between consecutive acknowledged inserts where the later one follows the fault;"
                + " a trial that does not resume counts as trialTimeoutMs (a lower bound)");
        s.put("awsWrapperProperties", options.awsWrapperProperties());
        Map<String, Object> descriptions = new LinkedHashMap<>();
        options.clients().forEach(k -> descriptions.put(k.option(), k.description()));
        s.put("clientDescriptions", descriptions);
        s.put("clientUrls", urls);
        return s;
    }

    /** Medians and p95s of one client and fault. */
    static Map<String, Object> summary(List<TrialResult> group) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trials", group.size());
        m.put("resumed", group.stream().filter(TrialResult::resumed).count());
        m.put("windowMs", stats(group.stream().map(TrialResult::windowMs).toList()));
        List<TrialResult> failedOver = group.stream().filter(r -> r.clusterMs() >= 0).toList();
        m.put("watchdogMs", stats(failedOver.stream().map(TrialResult::watchdogMs).toList()));
        m.put("promotionMs", stats(failedOver.stream().map(TrialResult::promotionMs).toList()));
        m.put("clusterMs", stats(failedOver.stream().map(TrialResult::clusterMs).toList()));
        m.put("windowMinusClusterMs", stats(failedOver.stream().map(r -> r.windowMs() - r.clusterMs()).toList()));
        m.put("lost", group.stream().mapToLong(r -> Math.max(0, r.lost())).sum());
        m.put("unchecked", group.stream().filter(r -> r.lost() < 0).count());
        return m;
    }

    private static Map<String, Object> stats(List<? extends Number> values) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (values.isEmpty()) {
            return m;
        }
        Stats s = Stats.of(values);
        m.put("median", s.median());
        m.put("p95", s.p95());
        m.put("min", s.min());
        m.put("max", s.max());
        return m;
    }

    private String table(TestCluster cluster, List<TrialResult> results) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Failover, %s (%s), 1 writer + %d replicas, %s; %d trials per row; an insert"
                        + " every %d ms; application timeouts: connect %d ms, socket %s.%n%n",
                options.engine().urlName(), Environment.serverVersion(cluster), options.replicas(),
                options.sync() ? "synchronous" : "asynchronous", options.trials(), options.intervalMs(),
                options.client().connectTimeoutMs(),
                options.client().socketTimeoutMs() == 0 ? "none" : options.client().socketTimeoutMs() + " ms"));
        if (!options.awsWrapperProperties().isEmpty() && options.clients().contains(ClientKind.AWS_WRAPPER)) {
            b.append("aws-wrapper with ").append(options.awsWrapperProperties()).append(" (not its defaults).\n\n");
        }
        b.append("| client | fault | resumed | window median ms | window p95 ms | cluster median ms (watchdog + promotion)"
                + " | window − cluster, median ms | acknowledged writes lost | issue 4 target |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (Fault fault : options.faults()) {
            for (ClientKind client : options.clients()) {
                List<TrialResult> group = results.stream().filter(r -> r.client() == client && r.fault() == fault).toList();
                if (group.isEmpty()) {
                    continue;
                }
                long resumed = group.stream().filter(TrialResult::resumed).count();
                Stats window = Stats.of(group.stream().map(TrialResult::windowMs).toList());
                List<TrialResult> failedOver = group.stream().filter(r -> r.clusterMs() >= 0).toList();
                String cluster0 = "–";
                String excess = "–";
                String target = client == ClientKind.AURORA || client == ClientKind.AURORA_ENDPOINT
                        ? target(fault, window.median(), failedOver) : "–";
                if (!failedOver.isEmpty()) {
                    Stats c = Stats.of(failedOver.stream().map(TrialResult::clusterMs).toList());
                    Stats wd = Stats.of(failedOver.stream().map(TrialResult::watchdogMs).toList());
                    Stats pr = Stats.of(failedOver.stream().map(TrialResult::promotionMs).toList());
                    cluster0 = String.format(Locale.ROOT, "%.0f (%.0f + %.0f)", c.median(), wd.median(), pr.median());
                    excess = String.format(Locale.ROOT, "%+.0f", Stats.of(failedOver.stream()
                            .map(r -> r.windowMs() - r.clusterMs()).toList()).median());
                }
                long lost = group.stream().mapToLong(r -> Math.max(0, r.lost())).sum();
                long unchecked = group.stream().filter(r -> r.lost() < 0).count();
                b.append("| ").append(client.option()).append(" | ").append(fault.option()).append(" | ")
                        .append(resumed).append('/').append(group.size()).append(" | ")
                        .append(bound(window.median(), resumed, group.size())).append(" | ")
                        .append(bound(window.p95(), resumed, group.size())).append(" | ")
                        .append(cluster0).append(" | ").append(excess).append(" | ")
                        .append(lost).append(unchecked > 0 ? " (" + unchecked + " unchecked)" : "").append(" | ")
                        .append(target).append(" |\n");
            }
        }
        b.append("\nwindow: last acknowledged insert before the outage to the first after it; a trial that did not"
                + " resume within ").append(options.trialTimeoutMs()).append(" ms counts as that bound (shown as ≥).\n");
        return b.toString();
    }

    /**
     * Issue 4's target for {@code jdbc:aurora:} at its defaults: median window ≤ the cluster's own time + 300 ms for a
     * killed writer and {@code failover()}, ≤ 2 s for a hung or cut one.
     */
    static String target(Fault fault, double medianWindow, List<TrialResult> failedOver) {
        if (fault == Fault.KILL || fault == Fault.FAILOVER) {
            if (failedOver.isEmpty()) {
                return "–";
            }
            double limit = Stats.of(failedOver.stream().map(TrialResult::clusterMs).toList()).median() + 300;
            return String.format(Locale.ROOT, "≤ %.0f (cluster + 300): %s", limit, medianWindow <= limit ? "met" : "missed");
        }
        return "≤ 2000: " + (medianWindow <= 2_000 ? "met" : "missed");
    }

    private String bound(double value, long resumed, int trials) {
        boolean isBound = resumed < trials && value >= options.trialTimeoutMs();
        return (isBound ? "≥ " : "") + String.format(Locale.ROOT, "%.0f", value);
    }

    private static String names(List<Fault> faults) {
        return String.join(",", faults.stream().map(Fault::option).toList());
    }

    private static String clientNames(List<ClientKind> clients) {
        return String.join(",", clients.stream().map(ClientKind::option).toList());
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
