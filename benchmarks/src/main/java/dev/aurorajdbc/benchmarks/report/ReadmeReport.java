package dev.aurorajdbc.benchmarks.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code report} command: rewrites the results section of {@code benchmarks/README.md} — between the markers
 * {@value #BEGIN} and {@value #END} — from the Markdown tables that the {@code jmh} and {@code failover} commands
 * wrote under {@code benchmarks/results/}, each headed by the date, machine and versions of its own run, after a
 * headline (the {@code SELECT 1} comparisons of the JMH runs). Nothing is typed in by hand: a table that was not
 * measured says so.
 */
public final class ReadmeReport {
    /** The usage line of the command's options. */
    public static final String USAGE = "[--results DIR] [--readme FILE]";
    static final String BEGIN = "<!-- results:begin -->";
    static final String END = "<!-- results:end -->";
    /** The tables, in the README's order: file name and title. */
    static final List<String[]> SECTIONS = List.of(
            new String[] {"jmh-postgresql.md", "Per-call cost, PostgreSQL (JMH)"},
            new String[] {"jmh-mysql.md", "Per-call cost, MySQL (MariaDB) (JMH)"},
            new String[] {"jmh-wrapper-cost.md", "The wrapper's own cost, in memory (JMH)"},
            new String[] {"failover-postgresql.md", "Failover, PostgreSQL"},
            new String[] {"failover-mysql.md", "Failover, MySQL (MariaDB)"},
            new String[] {"failover-endpoints-postgresql.md", "Failover through endpoint names, PostgreSQL"},
            new String[] {"failover-endpoints-mysql.md", "Failover through endpoint names, MySQL (MariaDB)"},
            new String[] {"jmh-rw-postgresql.md", "Read/write splitting, PostgreSQL (JMH)"},
            new String[] {"scale-postgresql.md", "Scale, PostgreSQL"},
            new String[] {"chaos-postgresql.md", "Chaos under load, PostgreSQL"},
            new String[] {"chaos-mariadb.md", "Chaos under load, MariaDB"},
            new String[] {"chaos-mysql8.md", "Chaos under load, MySQL 8"});

    private ReadmeReport() {
    }

    /** Runs the command; returns the exit status. */
    public static int run(List<String> args, PrintStream out) {
        Path results = Path.of("benchmarks", "results");
        Path readme = Path.of("benchmarks", "README.md");
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (i + 1 >= args.size() && (a.equals("--results") || a.equals("--readme"))) {
                throw new IllegalArgumentException(a + " needs a value");
            }
            switch (a) {
                case "--results" -> results = Path.of(args.get(++i));
                case "--readme" -> readme = Path.of(args.get(++i));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        try {
            String text = Files.readString(readme, StandardCharsets.UTF_8);
            Files.writeString(readme, replaceSection(text, section(results)), StandardCharsets.UTF_8);
            out.println("rewrote the results section of " + readme + " from " + results);
            return 0;
        } catch (IOException | IllegalStateException e) {
            out.println("error: " + e.getMessage());
            return 1;
        }
    }

    /** The results section: every table found under {@code results}, or a note that it was not measured. */
    static String section(Path results) throws IOException {
        StringBuilder b = new StringBuilder();
        StringBuilder headline = new StringBuilder();
        for (String[] s : SECTIONS) {
            Path file = results.resolve(s[0]);
            if (s[0].startsWith("jmh-") && Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    if (line.startsWith("- `SELECT 1`")) {
                        headline.append(line).append('\n');
                    }
                }
            }
        }
        headline.append(overhead(results));
        if (headline.length() > 0) {
            b.append("### Headline\n\n").append(headline).append('\n');
        }
        for (String[] s : SECTIONS) {
            b.append("### ").append(s[1]).append("\n\n");
            Path file = results.resolve(s[0]);
            if (Files.isRegularFile(file)) {
                b.append(Files.readString(file, StandardCharsets.UTF_8).strip()).append("\n\n");
            } else {
                b.append("Not measured yet (no `results/").append(s[0]).append("`).\n\n");
            }
        }
        return b.toString();
    }

    /**
     * The wrapper's own cost per {@code SELECT 1} (from {@code jmh-wrapper-cost.json}) as a share of each raw driver's
     * {@code SELECT 1} over loopback (from {@code jmh-<engine>.json}): the overhead the target is about, which
     * the end-to-end tables can only bound by their noise. Empty when either file is missing.
     */
    static String overhead(Path results) throws IOException {
        Path cost = results.resolve("jmh-wrapper-cost.json");
        if (!Files.isRegularFile(cost)) {
            return "";
        }
        String costJson = Files.readString(cost, StandardCharsets.UTF_8);
        double aurora = score(costJson, "selectOne", "aurora");
        double stub = score(costJson, "selectOne", "native-stub");
        if (Double.isNaN(aurora) || Double.isNaN(stub)) {
            return "";
        }
        double addedUs = aurora - stub;
        StringBuilder b = new StringBuilder();
        for (String[] engine : new String[][] {{"postgresql", "pgjdbc"}, {"mysql", "Connector/J"}}) {
            Path file = results.resolve("jmh-" + engine[0] + ".json");
            if (Files.isRegularFile(file)) {
                double raw = score(Files.readString(file, StandardCharsets.UTF_8), "selectOne", "raw");
                if (!Double.isNaN(raw) && raw > 0) {
                    b.append(b.length() == 0 ? "" : "; ").append(String.format(Locale.ROOT,
                            "%.3f %% of raw %s's %.1f µs (%s)", addedUs / raw * 100, engine[1], raw, engine[0]));
                }
            }
        }
        if (b.length() == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "- `SELECT 1` overhead: the %.0f ns jdbc:aurora: adds per call is %s%n",
                addedUs * 1_000, b);
    }

    /** The {@code usPerOp} of one operation and client in a JMH summary written by the {@code jmh} command. */
    static double score(String json, String operation, String client) {
        Matcher m = Pattern.compile("\"operation\": \"" + Pattern.quote(operation) + "\",\\s*\"client\": \""
                + Pattern.quote(client) + "\",\\s*\"usPerOp\": ([-+0-9.eE]+)").matcher(json);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** {@code text} with everything between the markers replaced by {@code section}. */
    static String replaceSection(String text, String section) {
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        if (begin < 0 || end < begin) {
            throw new IllegalStateException("the README has no " + BEGIN + " … " + END + " section");
        }
        return text.substring(0, begin + BEGIN.length()) + "\n" + section + text.substring(end);
    }
}
