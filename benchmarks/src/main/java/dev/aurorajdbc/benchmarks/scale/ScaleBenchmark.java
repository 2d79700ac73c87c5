package dev.aurorajdbc.benchmarks.scale;

import dev.aurorajdbc.benchmarks.failover.ClientKind;
import dev.aurorajdbc.benchmarks.failover.ClientSettings;
import dev.aurorajdbc.benchmarks.report.Environment;
import dev.aurorajdbc.benchmarks.report.Json;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The scale benchmark: a large cluster (default 1 writer + 15 replicas) and many logical connections (default 1,000)
 * held open by one client in this JVM, and what that costs in the steady state: the threads of the client's driver, its
 * heap per connection, and the queries it sends to each node per second — counted by the servers themselves
 * (PostgreSQL: transactions in {@code pg_stat_database}; MariaDB: {@code Questions}), less a baseline measured with no
 * client connected (the control plane's own metadata refresh and watchdog). Then every connection is switched to
 * read-only and asked which node it is on: the read distribution over the replicas.
 *
 * <p>Clients run one after the other on the same cluster: {@code raw} (the native driver straight to the writer: the
 * floor), {@code aurora} ({@code jdbc:aurora:} at its defaults), {@code aurora-rw} (with {@code readWriteSplitting=true}),
 * {@code aws-wrapper} (default plugins, PostgreSQL) and {@code aws-rw} (plugins readWriteSplitting, failover2, efm2).
 */
public final class ScaleBenchmark {
    /** Exit status: measured. */
    public static final int OK = 0;
    /** Exit status: the benchmark failed. */
    public static final int FAILED = 1;
    /** Exit status: the cluster could not start on this machine. */
    public static final int NO_CLUSTER = 3;

    /** Between opening the connections and the steady state. */
    static final long SETTLE_MILLIS = 12_000;

    private final ScaleOptions options;
    private final PrintStream out;

    /** A benchmark with these options, reporting progress on {@code out}. */
    public ScaleBenchmark(ScaleOptions options, PrintStream out) {
        this.options = Objects.requireNonNull(options, "options");
        this.out = Objects.requireNonNull(out, "out");
    }

    /** Runs the benchmark, writes the results and returns the exit status. */
    public int run() {
        out.println("scale benchmark: " + options.engine().urlName() + ", 1 writer + " + options.replicas() + " replicas, "
                + options.connections() + " connections per client, clients " + String.join(",", options.clients()));
        TestCluster cluster;
        try {
            // No watchdog: nothing fails here on purpose, and opening 1,000 connections to one of 16 servers on 2 cores
            // once made its check of the writer time out: it failed the writer over in the middle of a client.
            cluster = TestCluster.builder(options.engine()).replicas(options.replicas()).autoFailover(null).start();
        } catch (RuntimeException e) {
            out.println("the cluster did not start: " + e.getMessage());
            return NO_CLUSTER;
        }
        try (cluster) {
            out.println("cluster up in " + cluster.startupMillis() + " ms; baseline: " + options.steadySeconds()
                    + " s with no client connected");
            Map<String, Double> baseline = queryRates(cluster);
            Map<Long, String> jvmThreads = threads();
            List<Map<String, Object>> results = new ArrayList<>();
            for (String client : options.clients()) {
                results.add(measure(cluster, client, baseline, jvmThreads));
            }
            write(cluster, baseline, results);
            return OK;
        } catch (IOException | SQLException | RuntimeException e) {
            out.println("the scale benchmark failed: " + e);
            e.printStackTrace(out);
            return FAILED;
        }
    }

    /**
     * One client's figures. Its threads are those of its driver alive during its steady state that the JVM did not
     * have before the first client ({@code jvmThreads}): {@code jdbc:aurora:}'s are named {@code aurora-jdbc-…}, every
     * other new thread is the AWS wrapper's. Both drivers keep a cluster's monitor for a while after its connections
     * close (jdbc:aurora: for monitorIdleTimeoutMs, 30 s), so a second client of the same driver shows the same threads
     * rather than none.
     */
    private Map<String, Object> measure(TestCluster cluster, String client, Map<String, Double> baseline,
            Map<Long, String> jvmThreads) throws SQLException {
        out.println(client + ": opening " + options.connections() + " connections");
        long heapBefore = usedHeapAfterGc();
        boolean aurora = client.startsWith("aurora");
        List<Connection> connections = new ArrayList<>(options.connections());
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("client", client);
        try {
            long start = System.nanoTime();
            for (int i = 0; i < options.connections(); i++) {
                connections.add(open(cluster, client));
            }
            long openMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            r.put("openAllMs", openMs);
            // Let the client's monitors settle, and let PostgreSQL's backends flush the statistics of what ran while
            // opening (an idle backend flushes within 10 s): otherwise a client's per-connection setup queries would
            // be counted as steady-state traffic.
            sleep(SETTLE_MILLIS);
            out.println(client + ": " + options.connections() + " connections open in " + openMs + " ms; steady state for "
                    + options.steadySeconds() + " s");
            Map<String, Double> rates = queryRates(cluster);
            Map<Long, String> threadsAfter = threads();
            long heapAfter = usedHeapAfterGc();
            Map<String, Integer> driverThreads = new TreeMap<>();
            threadsAfter.forEach((id, name) -> {
                if (!jvmThreads.containsKey(id) && name.startsWith("aurora-jdbc") == aurora && !client.equals("raw")) {
                    driverThreads.merge(name.replaceAll("\\d+", "#"), 1, Integer::sum);
                }
            });
            r.put("driverThreads", driverThreads.values().stream().mapToInt(Integer::intValue).sum());
            r.put("threadNames", driverThreads);
            r.put("heapPerConnectionBytes", (heapAfter - heapBefore) / (double) options.connections());
            Map<String, Double> extra = new LinkedHashMap<>();
            rates.forEach((node, rate) -> extra.put(node, rate - baseline.getOrDefault(node, 0.0)));
            r.put("queriesPerNodePerSecond", extra);
            r.put("readDistribution", readDistribution(cluster, connections));
            out.printf(Locale.ROOT, "%s: %d driver threads %s, %.0f heap bytes per connection, queries/s per node above"
                    + " baseline %s, read-only connections per node %s%n", client, (Integer) r.get("driverThreads"), driverThreads,
                    (Double) r.get("heapPerConnectionBytes"), rounded(extra), r.get("readDistribution"));
        } finally {
            for (Connection c : connections) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // measured already
                }
            }
        }
        return r;
    }

    private Connection open(TestCluster cluster, String client) throws SQLException {
        ClientSettings settings = new ClientSettings(10_000, 0);
        return switch (client) {
            case "raw" -> cluster.connect(cluster.writer(), Duration.ofSeconds(10));
            case "aurora" -> ClientKind.AURORA.connector(cluster, settings).open();
            case "aurora-rw" -> ClientKind.AURORA.connector(cluster, settings, Map.of("readWriteSplitting", "true")).open();
            case "aws-wrapper" -> ClientKind.AWS_WRAPPER.connector(cluster, settings).open();
            case "aws-rw" -> ClientKind.AWS_WRAPPER.connector(cluster, settings,
                    Map.of("wrapperPlugins", "readWriteSplitting,failover2,efm2")).open();
            default -> throw new IllegalArgumentException("unknown client " + client);
        };
    }

    /**
     * Switches every connection to read-only and counts the nodes they are on (node id → connections). Only the
     * read/write splitting clients ({@code aurora-rw}, {@code aws-rw}) move to replicas; the others stay on the writer.
     */
    private Map<String, Integer> readDistribution(TestCluster cluster, List<Connection> connections) throws SQLException {
        Map<String, Integer> perNode = new TreeMap<>();
        String sql = cluster.engine() == Engine.POSTGRESQL ? "SELECT host(inet_server_addr())" : "SELECT @@report_host";
        for (Connection c : connections) {
            c.setReadOnly(true);
            String where;
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
                rs.next();
                where = rs.getString(1);
            }
            c.setReadOnly(false);
            perNode.merge(nodeId(cluster, where), 1, Integer::sum);
        }
        return perNode;
    }

    private static String nodeId(TestCluster cluster, String hostOrId) {
        for (Node n : cluster.nodes()) {
            if (n.id().equals(hostOrId) || n.host().equals(hostOrId)) {
                return n.id() + (n.isWriter() ? " (writer)" : "");
            }
        }
        return String.valueOf(hostOrId);
    }

    /**
     * Statements per second each node served over the steady-state period, from the server's own counters read at
     * both ends through one connection per node (the two reads themselves count on both sides of the subtraction
     * from the baseline). PostgreSQL's counters are flushed by each backend at most every second, and by an idle one
     * within 10 s: the rate is exact to about 10 s of traffic over the period.
     */
    private Map<String, Double> queryRates(TestCluster cluster) throws SQLException {
        List<Node> nodes = cluster.nodes();
        List<Connection> readers = new ArrayList<>();
        try {
            for (Node n : nodes) {
                readers.add(cluster.connect(n, Duration.ofSeconds(10)));
            }
            long[] before = new long[nodes.size()];
            for (int i = 0; i < nodes.size(); i++) {
                before[i] = counter(cluster, readers.get(i));
            }
            long start = System.nanoTime();
            sleep(TimeUnit.SECONDS.toMillis(options.steadySeconds()));
            Map<String, Double> rates = new LinkedHashMap<>();
            for (int i = 0; i < nodes.size(); i++) {
                long after = counter(cluster, readers.get(i));
                double seconds = (System.nanoTime() - start) / 1e9;
                Node n = nodes.get(i);
                rates.put(n.id() + (n.isWriter() ? " (writer)" : ""), (after - before[i]) / seconds);
            }
            return rates;
        } finally {
            for (Connection c : readers) {
                c.close();
            }
        }
    }

    private static long counter(TestCluster cluster, Connection c) throws SQLException {
        String sql = cluster.engine() == Engine.POSTGRESQL
                ? "SELECT sum(xact_commit + xact_rollback) FROM pg_stat_database"
                : "SHOW GLOBAL STATUS LIKE 'Questions'";
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return cluster.engine() == Engine.POSTGRESQL ? rs.getLong(1) : Long.parseLong(rs.getString(2));
        }
    }

    private static Map<Long, String> threads() {
        Map<Long, String> m = new LinkedHashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            m.put(t.getId(), t.getName());
        }
        return m;
    }

    /** Heap in use after two full collections (an estimate: the JVM may keep some garbage). */
    private static long usedHeapAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
            sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private void write(TestCluster cluster, Map<String, Double> baseline, List<Map<String, Object>> results) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", "scale");
        Map<String, Object> machine = Environment.machine();
        doc.put("machine", machine);
        Map<String, Object> versions = Environment.libraries();
        versions.put("server", Environment.serverVersion(cluster));
        doc.put("versions", versions);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("engine", options.engine().urlName());
        settings.put("replicas", options.replicas());
        settings.put("connections", options.connections());
        settings.put("steadySeconds", options.steadySeconds());
        settings.put("counter", options.engine() == Engine.POSTGRESQL ? "pg_stat_database xact_commit + xact_rollback"
                : "GLOBAL STATUS Questions");
        doc.put("settings", settings);
        doc.put("baselineQueriesPerNodePerSecond", baseline);
        doc.put("results", results);
        Path json = options.output().toAbsolutePath();
        Files.createDirectories(json.getParent());
        Files.writeString(json, Json.write(doc), StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder(Environment.describe(machine, versions)).append("\n\n");
        b.append(String.format(Locale.ROOT, "Scale, %s, 1 writer + %d replicas, %d connections per client held open in one"
                        + " JVM; steady state observed for %d s.%n%n", options.engine().urlName(), options.replicas(),
                options.connections(), options.steadySeconds()));
        b.append("| client | open all ms | driver threads | heap bytes / connection | queries/s on the writer | queries/s per"
                + " replica (mean, max) | read-only connections per node |\n|---|---|---|---|---|---|---|\n");
        for (Map<String, Object> r : results) {
            @SuppressWarnings("unchecked")
            Map<String, Double> q = (Map<String, Double>) r.get("queriesPerNodePerSecond");
            double writer = 0;
            double sum = 0;
            double max = Double.NEGATIVE_INFINITY;
            int replicas = 0;
            for (Map.Entry<String, Double> e : q.entrySet()) {
                if (e.getKey().endsWith("(writer)")) {
                    writer = e.getValue();
                } else {
                    sum += e.getValue();
                    max = Math.max(max, e.getValue());
                    replicas++;
                }
            }
            b.append(String.format(Locale.ROOT, "| %s | %d | %d %s | %.0f | %.1f | %.1f, %.1f | %s |%n", r.get("client"),
                    (Long) r.get("openAllMs"), (Integer) r.get("driverThreads"), r.get("threadNames"),
                    (Double) r.get("heapPerConnectionBytes"), writer, replicas == 0 ? 0 : sum / replicas,
                    replicas == 0 ? 0 : max,
                    r.get("readDistribution")));
        }
        b.append("\nqueries/s: statements each node served per second above the baseline with no client connected (")
                .append(rounded(baseline)).append(" per node); driver threads: the client's driver's threads alive"
                        + " in its steady state (a driver keeps a cluster's monitor for a while after its connections"
                        + " close, so a second client of the same driver counts it again); read-only connections: after"
                        + " setReadOnly(true), the node each connection is on.\n");
        Path md = json.resolveSibling(json.getFileName().toString().replaceFirst("\\.json$", "") + ".md");
        Files.writeString(md, b.toString(), StandardCharsets.UTF_8);
        out.println();
        out.print(b);
        out.println("results: " + json + " and " + md);
    }

    private static Map<String, String> rounded(Map<String, Double> rates) {
        Map<String, String> m = new LinkedHashMap<>();
        rates.forEach((k, v) -> m.put(k, String.format(Locale.ROOT, "%.1f", v)));
        return m;
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
