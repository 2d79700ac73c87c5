package dev.aurorajdbc.benchmarks.chaos;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.aurorajdbc.benchmarks.report.Environment;
import dev.aurorajdbc.benchmarks.report.Json;
import dev.aurorajdbc.benchmarks.report.Stats;
import dev.aurorajdbc.driver.hikari.AuroraSQLExceptionOverride;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.FailoverReport;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.NodeState;
import dev.aurorajdbc.testcluster.TestCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Chaos under load (issue 20): a synchronous cluster of 1 writer + 3 replicas takes random faults at random times —
 * kill, stop, hang, cut and reset of the writer and of replicas, {@code failover()}, replicas added and removed, replica
 * lag, restarts of stopped nodes — while {@link ChaosLoad} runs through {@code jdbc:aurora:} under a HikariCP pool of
 * 20, until the cluster has failed its writer over {@code --failovers} times. Then it checks what an application must
 * be able to rely on: no acknowledged write lost, no transaction half-applied, no stale read under read-your-writes,
 * only documented SQLStates, every call bounded, the pool healthy, nothing left behind after close.
 *
 * <p>Faults come one at a time, each undone (healed, resumed, started, re-added) before the next, so that the cluster
 * always has running replicas for the next failover and a lost write can only be the client's doing (a writer failing
 * while a replica holding the only copy of a commit is down would lose it in the cluster itself). The schedule —
 * which fault, on which node, for how long, the pauses — comes from the seed; the load's timing does not, so a replay
 * runs the same faults, not the same interleaving.
 */
public final class ChaosHarness {
    public static final int OK = 0;
    public static final int FAILED = 1;
    public static final int NO_CLUSTER = 3;
    /** Slack on the call bound: a call may start just before a failover begins and HikariCP adds its own steps. */
    static final long BOUND_SLACK_MS = 5_000;
    private static final Duration CLUSTER_WAIT = Duration.ofSeconds(120);
    private static final long MONITOR_IDLE_MS = 2_000;
    private static final long LEAK_WAIT_MS = 30_000;

    private final ChaosOptions options;
    private final PrintStream out;
    private final Random random;
    private final Calls calls = new Calls();
    private final List<Map<String, Object>> steps = new ArrayList<>();
    private final Map<String, Integer> faultCounts = new TreeMap<>();
    /** Per writer-fault step that failed over: fault start and the end of its step, System.nanoTime(). */
    private final List<long[]> failoverEpisodes = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Integer> startFailures = new HashMap<>();
    private int replaced;
    private long t0;
    private volatile Map<String, Object> figures = Map.of();

    public ChaosHarness(ChaosOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options);
        this.out = Objects.requireNonNull(out);
        this.random = new Random(options.seed());
    }

    /** The replayable command line of this run. */
    public String command() {
        ChaosOptions o = options;
        return "java -jar benchmarks/target/aurora-benchmarks.jar chaos --engine " + o.server().option()
                + " --failovers " + o.failovers() + " --seed " + o.seed() + " --replicas " + o.replicas() + " --pool "
                + o.pool() + " --writers " + o.writers() + " --transfers " + o.transfers() + " --readers " + o.readers()
                + " --churners " + o.churners() + " --failover-timeout-ms " + o.failoverTimeoutMs()
                + " --connect-timeout-ms " + o.connectTimeoutMs() + " --max-minutes " + o.maxMinutes();
    }

    /** The figures of the last run (see the JSON's {@code figures}). */
    public Map<String, Object> figures() {
        return figures;
    }

    public int run() {
        out.println("chaos: " + options.server().option() + ", 1 writer + " + options.replicas() + " replicas,"
                + " synchronous, until " + options.failovers() + " writer failovers; seed " + options.seed());
        out.println("replay: " + command());
        TestCluster cluster;
        try {
            TestCluster.Builder b = TestCluster.builder(options.server().engine()).replicas(options.replicas()).sync(true)
                    .autoFailover(Duration.ofSeconds(1));
            if (options.server().mysqlServer() != null) {
                b.mysqlServer(options.server().mysqlServer());
            }
            cluster = b.start();
        } catch (RuntimeException e) {
            out.println("the cluster did not start: " + e.getMessage());
            return NO_CLUSTER;
        }
        try (cluster) {
            out.println("cluster " + cluster.name() + " is up: " + cluster.server());
            Map<String, Object> result = chaos(cluster);
            write(cluster, result);
            return OK;
        } catch (IOException | SQLException | RuntimeException e) {
            out.println("the chaos run failed: " + e);
            e.printStackTrace(out);
            return FAILED;
        }
    }

    private String url(TestCluster cluster) {
        return cluster.auroraUrl() + "&readWriteSplitting=true&readYourWrites=true&failoverTimeoutMs="
                + options.failoverTimeoutMs() + "&connectTimeoutMs=" + options.connectTimeoutMs()
                + "&monitorIdleTimeoutMs=" + MONITOR_IDLE_MS;
    }

    private Map<String, Object> chaos(TestCluster cluster) throws SQLException {
        try (Connection c = cluster.connect(cluster.awaitWriter(CLUSTER_WAIT), Duration.ofSeconds(10))) {
            ChaosLoad.createSchema(c);
        }
        long baselineSessions = sessions(cluster);
        Set<String> baselineThreads = threadNames();
        String url = url(cluster);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(cluster.user());
        config.setPassword(cluster.password());
        config.setMaximumPoolSize(options.pool());
        config.setPoolName("chaos");
        config.setExceptionOverrideClassName(AuroraSQLExceptionOverride.class.getName());
        Properties props = new Properties();
        props.setProperty("user", cluster.user());
        props.setProperty("password", cluster.password());

        int failoversBefore = cluster.failovers().size();
        HikariDataSource pool = new HikariDataSource(config);
        ChaosLoad load = new ChaosLoad(pool, url, props, calls, options, options.seed() ^ 0x5DEECE66DL);
        Map<String, Object> poolEnd;
        List<String> stuck;
        t0 = System.nanoTime();
        long deadline = t0 + TimeUnit.MINUTES.toNanos(options.maxMinutes());
        try {
            load.start();
            sleep(2_000);
            int step = 0;
            while (cluster.failovers().size() - failoversBefore < options.failovers()) {
                if (System.nanoTime() > deadline) {
                    notes.add("stopped at --max-minutes " + options.maxMinutes() + " with "
                            + (cluster.failovers().size() - failoversBefore) + " failovers");
                    break;
                }
                try {
                    step(cluster, ++step);
                    checkNothingLostYet(cluster, load, step);
                } catch (RuntimeException e) {
                    // The cluster itself broke (a node it cannot bring back): stop the faults, check what was done.
                    notes.add("faults stopped at step " + step + ": " + e.getMessage());
                    out.println("faults stopped at step " + step + ": " + e.getMessage());
                    break;
                }
                sleep(300 + random.nextInt(1_200));
            }
            try {
                settle(cluster);
            } catch (RuntimeException e) {
                notes.add("the cluster did not settle at the end: " + e.getMessage());
            }
            sleep(1_000);
            stuck = load.stop(options.failoverTimeoutMs() + options.connectTimeoutMs() + BOUND_SLACK_MS);
            if (!stuck.isEmpty()) {
                notes.add("load threads still running after the bound: " + stuck);
            }
            poolEnd = poolState(cluster, pool);
        } finally {
            pool.close();
        }
        long faultPhaseMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        List<FailoverReport> failovers = cluster.failovers().subList(failoversBefore, cluster.failovers().size());

        Map<String, Object> f = new LinkedHashMap<>();
        f.put("writerFailovers", failovers.size());
        f.put("failoverTriggers", triggers(failovers));
        f.put("faultSteps", steps.size());
        f.put("faults", faultCounts);
        f.put("replicasReplaced", replaced);
        f.put("durationMs", faultPhaseMs);
        Node writer = cluster.awaitWriter(CLUSTER_WAIT);
        Map<String, Object> lost = new LinkedHashMap<>();
        lost.put("inserts", missing(cluster, writer, "chaos_rows", load.ackedRows));
        lost.put("transfers", missing(cluster, writer, "chaos_transfers", load.ackedTransfers));
        lost.put("readYourWritesRows", missing(cluster, writer, "chaos_ryw", load.ackedRyw));
        long lostTotal = lost.values().stream().mapToLong(v -> (Long) v).sum();
        Map<String, Object> acked = new LinkedHashMap<>();
        acked.put("inserts", load.ackedRows.size());
        acked.put("transfers", load.ackedTransfers.size());
        acked.put("readYourWritesRows", load.ackedRyw.size());
        f.put("acknowledged", acked);
        f.put("acknowledgedWritesLost", lostTotal);
        f.put("lostByTable", lost);
        Map<String, Object> ledger = reconcile(cluster, writer);
        long halfApplied = load.invariantViolations.sum() + (Long) ledger.get("accountsOff")
                + ((Long) ledger.get("sum") == ChaosLoad.TOTAL ? 0 : 1) + load.landedWithoutCommit.sum();
        f.put("transactionsHalfApplied", halfApplied);
        ledger.put("periodicChecks", load.invariantChecks.sum());
        ledger.put("periodicViolations", load.invariantViolations.sum());
        ledger.put("violationSamples", List.copyOf(load.invariantSamples));
        ledger.put("failedBeforeCommitYetLanded", load.landedWithoutCommit.sum());
        ledger.put("commitsWithUnknownOutcome", load.commitsUnknown.sum());
        ledger.put("ofWhichLanded", load.commitsUnknownLanded.sum());
        ledger.put("outcomesNeverKnown", load.outcomesNeverKnown.sum());
        f.put("invariant", ledger);
        f.put("staleReads", load.staleReads.sum());
        f.put("readYourWritesReads", load.rywReads.sum());
        f.put("staleSamples", List.copyOf(load.staleSamples));
        f.put("errorsBySqlState", calls.errors());
        f.put("undocumentedErrors", calls.undocumented());
        f.put("sameConnectionRedos", load.sameConnectionRedos.sum());
        f.put("duplicatesOnRedo", load.duplicatesOnRedo.sum());
        f.put("churnConnections", load.churnConnections.sum());
        long bound = options.failoverTimeoutMs() + options.connectTimeoutMs() + BOUND_SLACK_MS;
        Map<String, Object> longest = new LinkedHashMap<>();
        longest.put("ms", calls.longestMillis());
        longest.put("operation", calls.longestOp());
        longest.put("atSecond", calls.longestAtMillis() == 0 ? null
                : (calls.longestAtMillis() - (System.currentTimeMillis() - faultPhaseMs)) / 1000);
        longest.put("boundMs", bound);
        longest.put("bound", "failoverTimeoutMs + connectTimeoutMs + " + BOUND_SLACK_MS + " ms slack");
        f.put("longestCall", longest);
        f.put("operations", calls.operations());
        f.put("writeUnavailabilityMs", windows(load.ackNanos()));
        f.put("poolAtEnd", poolEnd);
        Map<String, Object> leaks = leaks(cluster, baselineThreads, baselineSessions);
        f.put("afterClose", leaks);
        f.put("notes", notes);
        List<String> failures = new ArrayList<>();
        if (failovers.size() < options.failovers()) {
            failures.add("only " + failovers.size() + " writer failovers");
        }
        if (lostTotal != 0) {
            failures.add(lostTotal + " acknowledged writes lost");
        }
        if (halfApplied != 0) {
            failures.add(halfApplied + " half-applied transactions / invariant violations");
        }
        if (load.staleReads.sum() != 0) {
            failures.add(load.staleReads.sum() + " stale reads");
        }
        if (calls.undocumented() != 0) {
            failures.add(calls.undocumented() + " errors with undocumented SQLStates");
        }
        if (calls.longestMillis() > bound) {
            failures.add("a call took " + calls.longestMillis() + " ms (" + calls.longestOp() + "), over " + bound);
        }
        if (!stuck.isEmpty()) {
            failures.add("load threads stuck: " + stuck);
        }
        if (((Number) poolEnd.get("broken")).longValue() != 0) {
            failures.add(poolEnd.get("broken") + " broken pool connections at the end");
        }
        if (((Number) leaks.get("driverThreads")).longValue() != 0) {
            failures.add(leaks.get("driverThreads") + " driver threads left");
        }
        if (((Number) leaks.get("serverSessions")).longValue() != 0) {
            failures.add(leaks.get("serverSessions") + " server sessions left");
        }
        f.put("verdict", failures.isEmpty() ? "pass" : "fail");
        f.put("failures", failures);
        figures = f;
        return f;
    }

    // ------------------------------------------------------------------------------------------------ faults

    private void step(TestCluster cluster, int n) {
        Node writer = cluster.awaitWriter(CLUSTER_WAIT);
        List<Node> replicas = cluster.replicas();
        int before = cluster.failovers().size();
        long start = System.nanoTime();
        String fault = "?";
        String what = "?";
        boolean onWriter = random.nextInt(100) < 65;
        try {
            if (onWriter) {
                String[] choices = {"kill", "kill", "kill", "stop", "hang", "hang", "cut", "cut", "failover", "failover",
                        "failover", "reset"};
                fault = "writer " + choices[random.nextInt(choices.length)];
                long hold = random.nextInt(1_500);
                what = fault + " (" + writer.id() + ")";
                switch (fault) {
                    case "writer kill" -> {
                        cluster.kill(writer);
                        awaitFailover(cluster, before);
                    }
                    case "writer stop" -> {
                        cluster.stop(writer);
                        awaitFailover(cluster, before);
                        sleep(hold);
                        cluster.start(writer);
                    }
                    case "writer hang" -> {
                        cluster.hang(writer);
                        awaitFailover(cluster, before);
                        sleep(hold);
                        cluster.resume(writer);
                    }
                    case "writer cut" -> {
                        cluster.cut(writer);
                        awaitFailover(cluster, before);
                        sleep(hold);
                        cluster.heal(writer);
                    }
                    case "writer failover" -> cluster.failover();
                    default -> cluster.reset(writer);
                }
            } else {
                String[] choices = {"kill", "stop", "hang", "cut", "reset", "lag", "lag", "remove", "add"};
                fault = "replica " + choices[random.nextInt(choices.length)];
                Node r = replicas.get(random.nextInt(replicas.size()));
                long hold = 500 + random.nextInt(3_500);
                what = fault + " (" + r.id() + ", " + hold + " ms)";
                switch (fault) {
                    case "replica kill" -> {
                        cluster.kill(r);
                        sleep(hold);
                        cluster.start(r);
                    }
                    case "replica stop" -> {
                        cluster.stop(r);
                        sleep(hold);
                        cluster.start(r);
                    }
                    case "replica hang" -> {
                        cluster.hang(r);
                        sleep(hold);
                        cluster.resume(r);
                    }
                    case "replica cut" -> {
                        cluster.cut(r);
                        sleep(hold);
                        cluster.heal(r);
                    }
                    case "replica reset" -> cluster.reset(r);
                    case "replica lag" -> {
                        long lag = 500 + random.nextInt(2_500);
                        what = fault + " (" + r.id() + ", " + lag + " ms behind for " + hold + " ms)";
                        cluster.lag(r, Duration.ofMillis(lag));
                        sleep(hold);
                        cluster.lag(r, Duration.ZERO);
                    }
                    case "replica remove" -> {
                        if (replicas.size() < 2) {
                            what = "replica remove skipped (one replica)";
                            break;
                        }
                        cluster.removeReplica(r);
                        sleep(hold);
                        Node added = cluster.addReplica();
                        what = fault + " (" + r.id() + ", re-added as " + added.id() + " after " + hold + " ms)";
                    }
                    default -> {
                        Node added = cluster.addReplica();
                        sleep(hold);
                        cluster.removeReplica(added);
                        what = fault + " (" + added.id() + ", removed after " + hold + " ms)";
                    }
                }
            }
        } catch (RuntimeException e) {
            what = what + " failed: " + e.getMessage();
            notes.add("step " + n + ": " + e.getMessage());
        }
        settle(cluster);
        int failedOver = cluster.failovers().size() - before;
        long end = System.nanoTime();
        if (failedOver > 0) {
            failoverEpisodes.add(new long[] {start, end});
        }
        faultCounts.merge(fault, 1, Integer::sum);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("step", n);
        s.put("atMs", TimeUnit.NANOSECONDS.toMillis(start - t0));
        s.put("fault", what);
        s.put("failovers", failedOver);
        s.put("ms", TimeUnit.NANOSECONDS.toMillis(end - start));
        steps.add(s);
        out.printf(Locale.ROOT, "%7.1f s  step %3d  %-60s %s  (%d failovers so far)%n",
                (start - t0) / 1e9, n, what, failedOver > 0 ? "failed over -> " + cluster.writer().id() : "",
                cluster.failovers().size());
    }

    /**
     * After each step: the writer holds at least as many rows of {@code chaos_rows} as inserts were acknowledged
     * before the count (the table only grows; unacknowledged inserts that landed only add). Fewer means acknowledged
     * inserts are gone, and the step that first shows it is the one to look at: the final check names the ids but not
     * when they went. A count that cannot be taken (the writer just went away) is skipped.
     */
    private void checkNothingLostYet(TestCluster cluster, ChaosLoad load, int step) {
        long acknowledged = load.ackedRows.size();
        Node writer = cluster.awaitWriter(CLUSTER_WAIT);
        long present;
        try (Connection c = cluster.connect(writer, Duration.ofSeconds(10)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM chaos_rows")) {
            rs.next();
            present = rs.getLong(1);
        } catch (SQLException | RuntimeException e) {
            return;
        }
        if (present < acknowledged) {
            String note = "step " + step + ": writer " + writer.id() + " holds " + present + " rows of chaos_rows, "
                    + (acknowledged - present) + " fewer than the " + acknowledged + " inserts acknowledged before: lost by now";
            notes.add(note);
            out.println(note);
        }
    }

    private static void awaitFailover(TestCluster cluster, int before) {
        cluster.awaitFailovers(before + 1, Duration.ofSeconds(60));
    }

    /** Undoes whatever is left (a cut healed, a hang resumed, a stopped node started) until every node runs. */
    private void settle(TestCluster cluster) {
        long deadline = System.nanoTime() + CLUSTER_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (Node n : cluster.nodes()) {
                try {
                    if (n.isCut()) {
                        cluster.heal(n);
                    }
                    if (n.state() == NodeState.HUNG) {
                        cluster.resume(n);
                    }
                    if (n.state() == NodeState.STOPPED || n.state() == NodeState.KILLED) {
                        if (n.isWriter()) {
                            all = false; // the watchdog fails it over first
                            continue;
                        }
                        cluster.start(n);
                    }
                } catch (RuntimeException e) {
                    notes.add("settling " + n.id() + ": " + e.getMessage());
                    if (!n.isWriter() && startFailures.merge(n.id(), 1, Integer::sum) >= 2) {
                        // A node the control plane cannot bring back (e.g. a former writer that cannot rejoin) is
                        // replaced, as Aurora replaces a failed instance: a cluster problem, not the client's.
                        try {
                            cluster.removeReplica(n);
                            Node added = cluster.addReplica();
                            notes.add("replaced replica " + n.id() + ", which did not start twice, by " + added.id());
                            replaced++;
                        } catch (RuntimeException e2) {
                            notes.add("replacing " + n.id() + ": " + e2.getMessage());
                        }
                    }
                }
                all &= n.state() == NodeState.RUNNING && !n.isCut();
            }
            if (all) {
                cluster.awaitWriter(CLUSTER_WAIT);
                return;
            }
            sleep(200);
        }
        throw new IllegalStateException("the cluster did not settle within " + CLUSTER_WAIT + ": " + cluster.nodes());
    }

    private static Map<String, Integer> triggers(List<FailoverReport> failovers) {
        Map<String, Integer> m = new TreeMap<>();
        failovers.forEach(r -> m.merge(r.trigger(), 1, Integer::sum));
        return m;
    }

    // ------------------------------------------------------------------------------------------------ checks

    /**
     * The write-unavailability window of every step that failed the writer over: the longest gap between two
     * consecutive acknowledged autocommit inserts (all writer threads together) where the later one falls in the step.
     */
    private Map<String, Object> windows(long[] acks) {
        List<Double> windows = new ArrayList<>();
        for (long[] e : failoverEpisodes) {
            long longest = -1;
            for (int i = 1; i < acks.length; i++) {
                if (acks[i] > e[0] && acks[i] <= e[1] + TimeUnit.SECONDS.toNanos(60)) {
                    longest = Math.max(longest, acks[i] - acks[i - 1]);
                    if (acks[i] > e[1]) {
                        break;
                    }
                }
            }
            if (longest >= 0) {
                windows.add(longest / 1e6);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("episodes", windows.size());
        if (!windows.isEmpty()) {
            Stats s = Stats.of(windows);
            m.put("median", Math.round(s.median()));
            m.put("p95", Math.round(s.p95()));
            m.put("max", Math.round(s.max()));
        }
        return m;
    }

    private long missing(TestCluster cluster, Node writer, String table, Iterable<Long> acked) throws SQLException {
        Set<Long> present = new HashSet<>();
        try (Connection c = cluster.connect(writer, Duration.ofSeconds(10)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id FROM " + table)) {
            while (rs.next()) {
                present.add(rs.getLong(1));
            }
        }
        long missing = 0;
        List<Long> sample = new ArrayList<>();
        for (long id : acked) {
            if (!present.contains(id)) {
                missing++;
                if (sample.size() < 10) {
                    sample.add(id);
                }
            }
        }
        if (missing > 0) {
            notes.add(table + ": acknowledged ids missing on the final writer " + writer.id() + ", e.g. " + sample);
        }
        return missing;
    }

    /** The sum of the balances and each account against the initial balance plus its ledger rows. */
    private Map<String, Object> reconcile(TestCluster cluster, Node writer) throws SQLException {
        Map<Integer, Long> expected = new HashMap<>();
        for (int i = 1; i <= ChaosLoad.ACCOUNTS; i++) {
            expected.put(i, ChaosLoad.INITIAL_BALANCE);
        }
        long sum = 0;
        long off = 0;
        long ledgerRows = 0;
        try (Connection c = cluster.connect(writer, Duration.ofSeconds(10)); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT src, dst, amount FROM chaos_transfers")) {
                while (rs.next()) {
                    ledgerRows++;
                    expected.merge(rs.getInt(1), -rs.getLong(3), Long::sum);
                    expected.merge(rs.getInt(2), rs.getLong(3), Long::sum);
                }
            }
            try (ResultSet rs = s.executeQuery("SELECT id, balance FROM chaos_accounts")) {
                while (rs.next()) {
                    sum += rs.getLong(2);
                    if (!expected.get(rs.getInt(1)).equals(rs.getLong(2))) {
                        off++;
                        notes.add("account " + rs.getInt(1) + ": balance " + rs.getLong(2) + ", ledger says "
                                + expected.get(rs.getInt(1)));
                    }
                }
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", ChaosLoad.TOTAL);
        m.put("sum", sum);
        m.put("ledgerRows", ledgerRows);
        m.put("accountsOff", off);
        return m;
    }

    /** Borrows every connection of the pool at once: each must be valid, writable and on the final writer. */
    private Map<String, Object> poolState(TestCluster cluster, HikariDataSource pool) {
        Node writer = cluster.awaitWriter(CLUSTER_WAIT);
        List<Connection> borrowed = new ArrayList<>();
        long broken = 0;
        List<String> problems = new ArrayList<>();
        try {
            for (int i = 0; i < options.pool(); i++) {
                try {
                    borrowed.add(pool.getConnection());
                } catch (SQLException e) {
                    broken++;
                    problems.add("getConnection: " + Calls.key(e) + " " + Calls.firstLine(e.getMessage()));
                }
            }
            for (Connection c : borrowed) {
                try {
                    String host = c.unwrap(dev.aurorajdbc.driver.jdbc.AuroraConnection.class).hostDescription();
                    if (!c.isValid(2) || c.isReadOnly() || !writer.address().equals(host)) {
                        broken++;
                        problems.add("on " + host + ", valid " + c.isValid(2) + ", read-only " + c.isReadOnly());
                        continue;
                    }
                    try (PreparedStatement ps = c.prepareStatement("UPDATE chaos_accounts SET balance = balance WHERE id = ?")) {
                        ps.setInt(1, 1);
                        ps.executeUpdate();
                    }
                } catch (SQLException e) {
                    broken++;
                    problems.add(Calls.key(e) + " " + Calls.firstLine(e.getMessage()));
                }
            }
        } finally {
            for (Connection c : borrowed) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // counted above
                }
            }
        }
        HikariPoolMXBean bean = pool.getHikariPoolMXBean();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("borrowed", borrowed.size());
        m.put("broken", broken);
        m.put("problems", problems);
        m.put("total", bean.getTotalConnections());
        m.put("idle", bean.getIdleConnections());
        m.put("active", bean.getActiveConnections());
        m.put("writer", writer.id());
        return m;
    }

    /** After the pool is closed: the driver's threads and the application user's server sessions, within a bound. */
    private Map<String, Object> leaks(TestCluster cluster, Set<String> baselineThreads, long baselineSessions) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(MONITOR_IDLE_MS + LEAK_WAIT_MS);
        List<String> threads;
        long sessions;
        while (true) {
            threads = Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                    .filter(n -> n.startsWith("aurora-jdbc-")).sorted().toList();
            sessions = sessions(cluster) - baselineSessions;
            if ((threads.isEmpty() && sessions <= 0) || System.nanoTime() > deadline) {
                break;
            }
            sleep(250);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("driverThreads", threads.size());
        m.put("driverThreadNames", threads);
        m.put("serverSessions", Math.max(0, sessions));
        m.put("waitedMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        m.put("boundMs", MONITOR_IDLE_MS + LEAK_WAIT_MS);
        Set<String> other = threadNames();
        other.removeAll(baselineThreads);
        m.put("otherNewThreads", new java.util.TreeSet<>(other));
        return m;
    }

    private static Set<String> threadNames() {
        Set<String> names = new HashSet<>();
        Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).forEach(t -> names.add(t.getName()));
        return names;
    }

    /** Sessions of the application user on every running node, the asking one excluded. */
    private static long sessions(TestCluster cluster) {
        String sql = cluster.engine() == Engine.POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE usename = current_user AND pid <> pg_backend_pid()"
                : "SELECT count(*) FROM information_schema.processlist WHERE user = SUBSTRING_INDEX(CURRENT_USER(), '@', 1)"
                        + " AND id <> CONNECTION_ID()";
        long total = 0;
        for (Node n : cluster.nodes()) {
            if (n.state() != NodeState.RUNNING || n.isCut()) {
                continue;
            }
            try (Connection c = cluster.connect(n, Duration.ofSeconds(5)); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                total += rs.getLong(1);
            } catch (SQLException e) {
                total += 1_000_000; // unknown: counts as not drained
            }
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------------ output

    private void write(TestCluster cluster, Map<String, Object> f) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "chaos");
        doc.put("command", command());
        doc.put("machine", Environment.machine());
        Map<String, Object> versions = Environment.libraries();
        versions.put("HikariCP", Environment.version("com.zaxxer", "HikariCP"));
        versions.put("server", cluster.server());
        doc.put("versions", versions);
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("engine", options.server().option());
        s.put("seed", options.seed());
        s.put("replicas", options.replicas());
        s.put("sync", true);
        s.put("failoversWanted", options.failovers());
        s.put("pool", "HikariCP maximumPoolSize " + options.pool() + ", exceptionOverrideClassName "
                + AuroraSQLExceptionOverride.class.getName() + ", HikariCP's defaults otherwise");
        s.put("url", url(cluster));
        s.put("threads", Map.of("writers", options.writers(), "transfers", options.transfers(),
                "readers", options.readers(), "churners", options.churners(), "checker", 1));
        s.put("watchdog", cluster.watchdogRule(false));
        doc.put("settings", s);
        doc.put("figures", f);
        doc.put("steps", steps);
        Path json = options.output().toAbsolutePath();
        Files.createDirectories(json.getParent());
        Files.writeString(json, Json.write(doc), StandardCharsets.UTF_8);
        String md = Environment.describe(Environment.machine(), versions) + "\n\n" + table(f) + "\nReplay: `"
                + command() + "`\n";
        Path mdFile = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(mdFile, md, StandardCharsets.UTF_8);
        out.println();
        out.print(md);
        out.println("results: " + json + " and " + mdFile);
    }

    @SuppressWarnings("unchecked")
    private String table(Map<String, Object> f) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Chaos, %s, 1 writer + %d replicas, synchronous; seed %d; %d fault steps in"
                        + " %.1f min (%s); HikariCP pool of %d under %d writer, %d transfer, %d read-your-writes threads"
                        + " and %d churner; failoverTimeoutMs %d, connectTimeoutMs %d.%n%n",
                options.server().option(), options.replicas(), options.seed(), steps.size(),
                ((Number) f.get("durationMs")).longValue() / 60_000.0, faultCounts, options.pool(), options.writers(),
                options.transfers(), options.readers(), options.churners(), options.failoverTimeoutMs(),
                options.connectTimeoutMs()));
        b.append("| figure | value | required |\n|---|---|---|\n");
        row(b, "writer failovers", f.get("writerFailovers") + " " + f.get("failoverTriggers"), "≥ " + options.failovers());
        row(b, "acknowledged writes lost", f.get("acknowledgedWritesLost") + " of " + f.get("acknowledged"), "0");
        Map<String, Object> inv = (Map<String, Object>) f.get("invariant");
        row(b, "transactions half-applied", f.get("transactionsHalfApplied") + " (final sum " + inv.get("sum") + " of "
                + inv.get("total") + ", " + inv.get("accountsOff") + " accounts off their ledger, "
                + inv.get("periodicViolations") + " of " + inv.get("periodicChecks") + " periodic checks; "
                + inv.get("commitsWithUnknownOutcome") + " commits with unknown outcome, " + inv.get("ofWhichLanded")
                + " of them landed)", "0");
        row(b, "stale reads under read-your-writes", f.get("staleReads") + " of " + f.get("readYourWritesReads") + " reads", "0");
        StringBuilder errors = new StringBuilder();
        ((Map<String, Object>) f.get("errorsBySqlState")).forEach((k, v) -> {
            Map<String, Object> e = (Map<String, Object>) v;
            errors.append(errors.length() == 0 ? "" : ", ").append('`').append(k).append("` ").append(e.get("count"))
                    .append(" (").append(e.get("kind")).append(')');
        });
        row(b, "errors by SQLState", errors.length() == 0 ? "none" : errors.toString(),
                "documented (08S02, 08007, 08001) or the application's own only");
        Map<String, Object> longest = (Map<String, Object>) f.get("longestCall");
        row(b, "longest single call", longest.get("ms") + " ms (" + longest.get("operation") + ")",
                "≤ " + longest.get("boundMs") + " ms (" + longest.get("bound") + ")");
        Map<String, Object> w = (Map<String, Object>) f.get("writeUnavailabilityMs");
        row(b, "write unavailability per failover, ms", w.containsKey("median") ? "median " + w.get("median") + ", p95 "
                + w.get("p95") + ", max " + w.get("max") + " (" + w.get("episodes") + " failovers)" : "–", "–");
        Map<String, Object> p = (Map<String, Object>) f.get("poolAtEnd");
        row(b, "pool at the end", p.get("borrowed") + " borrowed at once, " + p.get("broken") + " broken; total "
                + p.get("total") + ", all on writer " + p.get("writer") + (((List<?>) p.get("problems")).isEmpty() ? ""
                : " " + p.get("problems")), "0 broken");
        Map<String, Object> l = (Map<String, Object>) f.get("afterClose");
        row(b, "driver threads / server sessions after close", l.get("driverThreads") + " / " + l.get("serverSessions")
                + " (after " + l.get("waitedMs") + " ms)", "0 / 0 within " + l.get("boundMs") + " ms");
        b.append("\nVerdict: **").append(f.get("verdict")).append("**");
        List<String> failures = (List<String>) f.get("failures");
        if (!failures.isEmpty()) {
            b.append(": ").append(String.join("; ", failures));
        }
        b.append(".\n");
        List<String> notes = (List<String>) f.get("notes");
        if (!notes.isEmpty()) {
            // One line each here (a note may quote a server's log); the JSON keeps them whole.
            List<String> shown = new java.util.ArrayList<>();
            for (String note : notes.subList(0, Math.min(20, notes.size()))) {
                String line = note.lines().findFirst().orElse("");
                shown.add(line.length() > 300 ? line.substring(0, 300) + " …" : line);
            }
            b.append("\nNotes: ").append(String.join("; ", shown)).append(notes.size() > 20 ? " …" : "").append('\n');
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String figure, String value, String required) {
        b.append("| ").append(figure).append(" | ").append(value.replace("|", "\\|")).append(" | ").append(required)
                .append(" |\n");
    }

    private static void sleep(long ms) {
        try {
            TimeUnit.MILLISECONDS.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
