package dev.aurorajdbc.benchmarks.jmh;

import dev.aurorajdbc.benchmarks.report.Environment;
import dev.aurorajdbc.benchmarks.report.Json;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code jmh} command: runs {@link PerCallBenchmark} (or what the JMH options select) through JMH's
 * {@link Runner} and writes, besides JMH's own JSON, a summary with the ratios that matter: {@code jdbc:aurora:}
 * against the raw driver and against the AWS wrapper, each with its error, and a Markdown table.
 *
 * <p>{@code --out PREFIX} (default {@code benchmarks/results/jmh}) names the files: {@code PREFIX-raw.json} (JMH's
 * format), {@code PREFIX.json} (the summary) and {@code PREFIX.md} (the table). Every other argument is JMH's own
 * ({@code -f}, {@code -wi}, {@code -i}, {@code -prof gc}, {@code -p engine=mysql}, …).
 */
public final class JmhCommand {
    /** The operations in table order, by benchmark method name. */
    static final List<String> OPERATIONS = List.of("selectOne", "pointSelect", "preparedReuse", "insert",
            "batchInsert100", "openClose");
    /** The in-memory native connection of {@link WrapperCostBenchmark}. */
    static final String STUB = "native-stub";
    /** The clients in table order (others follow in the order they ran). */
    static final List<String> CLIENTS = List.of(STUB, "raw", "aurora", "aws-default", "aws-failover-efm");

    private JmhCommand() {
    }

    /** Runs the benchmarks and writes the results; returns the exit status. */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        List<String> jmhArgs = new ArrayList<>();
        Path prefix = Path.of("benchmarks", "results", "jmh");
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("--out")) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--out needs a value");
                }
                prefix = Path.of(args.get(++i));
            } else {
                jmhArgs.add(args.get(i));
            }
        }
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(jmhArgs.toArray(new String[0]));
        } catch (CommandLineOptionException e) {
            throw new IllegalArgumentException("JMH options: " + e.getMessage());
        }
        if (cli.shouldHelp()) {
            try {
                cli.showHelp();
            } catch (IOException e) {
                err.println("error: " + e.getMessage());
                return 1;
            }
            return 0;
        }
        Path raw = prefix.toAbsolutePath().resolveSibling(prefix.getFileName() + "-raw.json");
        ChainedOptionsBuilder builder = new OptionsBuilder().parent(cli);
        if (cli.getIncludes().isEmpty()) {
            builder.include(PerCallBenchmark.class.getName());
        }
        if (!cli.getResult().hasValue()) {
            builder.result(raw.toString()).resultFormat(ResultFormatType.JSON);
        }
        try {
            Files.createDirectories(raw.getParent());
            Collection<RunResult> results = new Runner(builder.build()).run();
            return write(results, prefix.toAbsolutePath(), out);
        } catch (RunnerException | IOException e) {
            err.println("error: the JMH run failed: " + e);
            return 1;
        }
    }

    /** One benchmark's score and allocation. */
    record Score(String engine, String operation, String client, double us, double usError, double bytes,
            double bytesError) {
    }

    @SuppressWarnings("unchecked")
    static int write(Collection<RunResult> results, Path prefix, PrintStream out) throws IOException {
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            String operation = method.substring(method.lastIndexOf('.') + 1) + variant(r);
            Result<?> primary = r.getPrimaryResult();
            double bytes = Double.NaN;
            double bytesError = Double.NaN;
            for (String key : r.getSecondaryResults().keySet()) {
                if (key.endsWith("gc.alloc.rate.norm")) { // "·gc.alloc.rate.norm" of -prof gc
                    Result<?> allocation = r.getSecondaryResults().get(key);
                    bytes = allocation.getScore();
                    bytesError = allocation.getScoreError();
                }
            }
            scores.add(new Score(param(r, "engine"), operation, param(r, "client"), toMicros(primary),
                    toMicros(primary.getScoreError(), primary.getScoreUnit()), bytes, bytesError));
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("benchmark", benchmarks(results));
        doc.put("machine", Environment.machine());
        doc.put("versions", Environment.libraries());
        BenchmarkResult any = results.isEmpty() ? null : results.iterator().next().getAggregatedResult();
        if (any != null) {
            var p = any.getParams();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("forks", p.getForks());
            settings.put("warmupIterations", p.getWarmup().getCount());
            settings.put("warmupTime", p.getWarmup().getTime().toString());
            settings.put("measurementIterations", p.getMeasurement().getCount());
            settings.put("measurementTime", p.getMeasurement().getTime().toString());
            settings.put("jvm", p.getJvm() + " " + String.join(" ", p.getJvmArgs()));
            settings.put("error", "JMH's 99.9 % confidence interval half-width over all measurement iterations");
            doc.put("settings", settings);
        }
        List<Object> rows = new ArrayList<>();
        for (Score s : scores) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", s.engine());
            m.put("operation", s.operation());
            m.put("client", s.client());
            m.put("usPerOp", s.us());
            m.put("usPerOpError", s.usError());
            m.put("bytesPerOp", s.bytes());
            m.put("bytesPerOpError", s.bytesError());
            rows.add(m);
        }
        doc.put("scores", rows);
        doc.put("comparisons", comparisons(scores));
        Files.writeString(prefix.resolveSibling(prefix.getFileName() + ".json"), Json.write(doc), StandardCharsets.UTF_8);
        String table = Environment.describe((Map<String, Object>) doc.get("machine"), Environment.libraries())
                + settingsLine(doc) + "\n\n" + description(results) + headline(scores) + table(scores);
        Files.writeString(prefix.resolveSibling(prefix.getFileName() + ".md"), table, StandardCharsets.UTF_8);
        out.println();
        out.print(table);
        out.println("results: " + prefix + ".json, " + prefix + ".md, " + prefix + "-raw.json");
        return 0;
    }

    /** {@code jdbc:aurora:} against each peer, per engine and operation. */
    static List<Object> comparisons(List<Score> scores) {
        List<Object> list = new ArrayList<>();
        for (Score a : scores) {
            if (!a.client().equals("aurora")) {
                continue;
            }
            for (Score peer : scores) {
                if (peer.engine().equals(a.engine()) && peer.operation().equals(a.operation()) && !peer.client().equals("aurora")) {
                    Ratio r = Ratio.of(a.us(), a.usError(), peer.us(), peer.usError());
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("engine", a.engine());
                    m.put("operation", a.operation());
                    m.put("against", peer.client());
                    m.put("timeDifferencePercent", r.percent());
                    m.put("timeDifferenceErrorPercent", r.errorPercent());
                    m.put("withinNoise", r.withinNoise());
                    m.put("extraBytesPerOp", a.bytes() - peer.bytes());
                    list.add(m);
                }
            }
        }
        return list;
    }

    /**
     * The relative difference of {@code a} against {@code b} in percent, with its error (the two errors added in
     * quadrature, relative to {@code b}); within noise when the difference is smaller than its error.
     */
    record Ratio(double percent, double errorPercent) {
        static Ratio of(double a, double aError, double b, double bError) {
            double diff = (a - b) / b * 100;
            double ea = Double.isNaN(aError) ? 0 : aError;
            double eb = Double.isNaN(bError) ? 0 : bError;
            double err = Math.sqrt(ea * ea + eb * eb) / b * 100;
            return new Ratio(diff, Double.isNaN(aError) || Double.isNaN(bError) ? Double.NaN : err);
        }

        boolean withinNoise() {
            return Double.isNaN(errorPercent) || Math.abs(percent) <= errorPercent;
        }

        String text() {
            if (Double.isNaN(errorPercent)) {
                return String.format(Locale.ROOT, "%+.1f %% (no error estimate: too few iterations)", percent);
            }
            return String.format(Locale.ROOT, "%+.1f %% ± %.1f", percent, errorPercent)
                    + (withinNoise() ? " (within noise)" : "");
        }
    }

    private static String settingsLine(Map<String, Object> doc) {
        Object settings = doc.get("settings");
        if (!(settings instanceof Map<?, ?> s)) {
            return "";
        }
        return " JMH: " + s.get("forks") + " fork(s), " + s.get("warmupIterations") + " × " + s.get("warmupTime")
                + " warm-up, " + s.get("measurementIterations") + " × " + s.get("measurementTime") + " measurement.";
    }

    /** The headline: {@code SELECT 1} through jdbc:aurora: against the raw driver and the AWS wrapper, per engine. */
    static String headline(List<Score> scores) {
        StringBuilder b = new StringBuilder();
        for (Score a : scores) {
            if (!a.client().equals("aurora") || !a.operation().equals("selectOne")) {
                continue;
            }
            Score stub = find(scores, a.engine(), a.operation(), STUB);
            if (stub != null) {
                b.append("- `SELECT 1`, the wrapper's own cost (in memory, no network): jdbc:aurora: adds ")
                        .append(comparison(a, stub)).append(" per call\n");
                continue;
            }
            b.append("- `SELECT 1` on ").append(a.engine()).append(", jdbc:aurora: against");
            boolean first = true;
            for (String peer : CLIENTS) {
                for (Score p : scores) {
                    if (p.client().equals(peer) && !peer.equals("aurora") && p.engine().equals(a.engine())
                            && p.operation().equals("selectOne")) {
                        b.append(first ? " " : "; ").append(peer).append(": ")
                                .append(Ratio.of(a.us(), a.usError(), p.us(), p.usError()).text()).append(" time");
                        if (!Double.isNaN(a.bytes()) && !Double.isNaN(p.bytes())) {
                            b.append(String.format(Locale.ROOT, ", %+.0f B/op", a.bytes() - p.bytes()));
                        }
                        first = false;
                    }
                }
            }
            b.append('\n');
        }
        return b.length() == 0 ? "" : b.append('\n').toString();
    }

    static String table(List<Score> scores) {
        Map<String, Map<String, Map<String, Score>>> byEngine = new TreeMap<>();
        for (Score s : scores) {
            byEngine.computeIfAbsent(s.engine(), k -> new LinkedHashMap<>())
                    .computeIfAbsent(s.operation(), k -> new LinkedHashMap<>()).put(s.client(), s);
        }
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Map<String, Map<String, Score>>> e : byEngine.entrySet()) {
            List<String> clients = new ArrayList<>();
            for (String c : CLIENTS) {
                if (e.getValue().values().stream().anyMatch(m -> m.containsKey(c))) {
                    clients.add(c);
                }
            }
            for (Map<String, Score> row : e.getValue().values()) {
                row.keySet().stream().filter(c -> !clients.contains(c)).forEach(clients::add);
            }
            b.append(e.getKey().equals("-") ? "" : e.getKey() + ": ").append("µs/op ± 99.9 % CI (bytes allocated/op)\n\n| operation |");
            clients.forEach(c -> b.append(' ').append(c).append(" |"));
            List<String> peers = clients.stream().filter(c -> !c.equals("aurora")).toList();
            boolean hasAurora = clients.contains("aurora");
            if (hasAurora) {
                peers.forEach(p -> b.append(" aurora vs ").append(p).append(" |"));
            }
            b.append("\n|---|");
            clients.forEach(c -> b.append("---|"));
            if (hasAurora) {
                peers.forEach(p -> b.append("---|"));
            }
            b.append('\n');
            for (String op : ordered(e.getValue().keySet())) {
                Map<String, Score> row = e.getValue().get(op);
                b.append("| ").append(op).append(" |");
                for (String c : clients) {
                    Score s = row.get(c);
                    b.append(' ').append(s == null ? "–" : micros(s.us(), s.usError()) + " ("
                            + (Double.isNaN(s.bytes()) ? "–" : String.format(Locale.ROOT, "%.0f B", s.bytes())) + ")")
                            .append(" |");
                }
                if (hasAurora) {
                    Score a = row.get("aurora");
                    for (String p : peers) {
                        Score s = row.get(p);
                        b.append(' ').append(a == null || s == null ? "–" : comparison(a, s)).append(" |");
                    }
                }
                b.append('\n');
            }
            b.append('\n');
        }
        return b.toString();
    }

    /**
     * One table cell comparing jdbc:aurora: with a peer: the relative difference with its error, or, against the
     * in-memory stub (whose own time means nothing to an application), the time the wrapper adds in ns.
     */
    private static String comparison(Score aurora, Score peer) {
        if (!peer.client().equals(STUB)) {
            return Ratio.of(aurora.us(), aurora.usError(), peer.us(), peer.usError()).text();
        }
        String difference = String.format(Locale.ROOT, "%+.1f ns ± ", (aurora.us() - peer.us()) * 1_000);
        if (Double.isNaN(aurora.usError()) || Double.isNaN(peer.usError())) {
            return difference + "?";
        }
        return difference + String.format(Locale.ROOT, "%.1f",
                Math.sqrt(square(aurora.usError()) + square(peer.usError())) * 1_000);
    }

    private static double square(double x) {
        return Double.isNaN(x) ? 0 : x * x;
    }

    /** A time in µs with its error, to three significant digits of the time (at least one decimal). */
    static String micros(double us, double error) {
        int decimals = us >= 100 || us == 0 ? 1 : Math.max(1, 2 - (int) Math.floor(Math.log10(Math.abs(us))));
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f, us) + " ± "
                + (Double.isNaN(error) ? "?" : String.format(Locale.ROOT, f, error));
    }

    /** The benchmark parameters other than engine and client, as " (name=value, …)", or "" when there are none. */
    private static String variant(RunResult r) {
        StringBuilder b = new StringBuilder();
        for (String key : r.getParams().getParamsKeys()) {
            if (!key.equals("engine") && !key.equals("client")) {
                b.append(b.length() == 0 ? " (" : ", ").append(key).append('=').append(r.getParams().getParam(key));
            }
        }
        return b.length() == 0 ? "" : b.append(')').toString();
    }

    /** The simple names of the benchmark classes that ran, in order. */
    private static String benchmarks(Collection<RunResult> results) {
        List<String> names = new ArrayList<>();
        for (RunResult r : results) {
            String method = r.getParams().getBenchmark();
            String type = method.substring(0, method.lastIndexOf('.'));
            String simple = type.substring(type.lastIndexOf('.') + 1);
            if (!names.contains(simple)) {
                names.add(simple);
            }
        }
        return names.isEmpty() ? "JMH" : String.join(", ", names);
    }

    /** What the benchmarks that ran measure, one paragraph each (none for an unknown benchmark). */
    private static String description(Collection<RunResult> results) {
        String names = benchmarks(results);
        StringBuilder b = new StringBuilder();
        if (names.contains("PerCallBenchmark")) {
            b.append("Per-call cost of an open connection (`PerCallBenchmark`, 1 thread), each client through the"
                    + " node's fault proxy; percentages are jdbc:aurora:'s time against each peer's.\n\n");
        }
        if (names.contains("WrapperCostBenchmark")) {
            b.append("The wrapper's own cost (`WrapperCostBenchmark`, 1 thread, no network): the same calls on an"
                    + " in-memory native connection (`native-stub`) and on jdbc:aurora:'s connection wrapping it"
                    + " (`aurora`); the difference is what the wrapper adds to every such call.\n\n");
        }
        if (names.contains("ReadWriteSplittingBenchmark")) {
            b.append("Read/write splitting on emulated Aurora PostgreSQL (`ReadWriteSplittingBenchmark`): `togglePair`"
                    + " = setReadOnly(true) + setReadOnly(false) with the replica connection kept (1 thread);"
                    + " `readOnReplicas` = a point select on a replica, 4 threads each on its own read-only"
                    + " connection, spread over 1, 2 or 4 replicas (time per select and thread). aurora ="
                    + " `readWriteSplitting=true`; aws-rw = the AWS wrapper with"
                    + " `wrapperPlugins=readWriteSplitting,failover2,efm2`.\n\n");
        }
        return b.toString();
    }

    private static List<String> ordered(Collection<String> operations) {
        List<String> list = new ArrayList<>();
        for (String op : OPERATIONS) {
            operations.stream().filter(o -> o.equals(op) || o.startsWith(op + " (")).forEach(list::add);
        }
        operations.stream().filter(o -> !list.contains(o)).forEach(list::add);
        return list;
    }

    private static Score find(List<Score> scores, String engine, String operation, String client) {
        for (Score s : scores) {
            if (s.engine().equals(engine) && s.operation().equals(operation) && s.client().equals(client)) {
                return s;
            }
        }
        return null;
    }

    private static String param(RunResult r, String name) {
        String v = r.getParams().getParam(name);
        return v == null ? "-" : v;
    }

    private static double toMicros(Result<?> r) {
        return toMicros(r.getScore(), r.getScoreUnit());
    }

    /** A score in µs/op from JMH's unit (the benchmarks use µs/op; other units are converted). */
    static double toMicros(double value, String unit) {
        return switch (unit) {
            case "ns/op" -> value / 1_000;
            case "ms/op" -> value * 1_000;
            case "s/op" -> value * 1_000_000;
            default -> value;
        };
    }
}
