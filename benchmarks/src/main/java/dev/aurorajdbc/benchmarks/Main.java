package dev.aurorajdbc.benchmarks;

import dev.aurorajdbc.benchmarks.chaos.ChaosHarness;
import dev.aurorajdbc.benchmarks.chaos.ChaosOptions;
import dev.aurorajdbc.benchmarks.demo.Demo;
import dev.aurorajdbc.benchmarks.demo.DemoOptions;
import dev.aurorajdbc.benchmarks.failover.FailoverHarness;
import dev.aurorajdbc.benchmarks.failover.FailoverOptions;
import dev.aurorajdbc.benchmarks.jmh.JmhCommand;
import dev.aurorajdbc.benchmarks.report.ReadmeReport;
import dev.aurorajdbc.benchmarks.scale.ScaleBenchmark;
import dev.aurorajdbc.benchmarks.scale.ScaleOptions;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command line of {@code aurora-benchmarks.jar} ({@code ./demo} at the repository root runs its {@code demo}
 * command; {@code benchmarks/run-all.sh} runs the others). One subcommand per tool:
 *
 * <pre>
 * demo     [--engine postgresql|mysql] [--replicas N] [--sync] [--fault kill|hang|cut|failover]
 * failover [--engine ...] [--faults ...] [--trials N] [--clients ...] [--output FILE.json] ...
 * jmh      [JMH options] (per-call cost: jdbc:aurora: vs the raw driver vs the AWS wrapper)
 * chaos    [--engine postgresql|mariadb|mysql8] [--failovers N] [--seed N] ... (random faults under a pooled load)
 * scale    [--engine ...] [--replicas N] [--connections N] [--clients raw,aurora,aws-wrapper] ...
 * report   [--results DIR] [--readme FILE] (the summary table of benchmarks/README.md from the result files)
 * </pre>
 *
 * Exit status: 0 done, 1 the command failed, 2 bad command line, 3 the cluster could not start on this machine.
 */
public final class Main {
    /** Exit status of a bad command line. */
    static final int USAGE = 2;

    private Main() {
    }

    /** Runs the command the arguments name and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command the arguments name and returns its exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> list = Arrays.asList(args);
        if (list.isEmpty()) {
            usage(err);
            return USAGE;
        }
        String command = list.get(0);
        List<String> rest = list.subList(1, list.size());
        if (command.equals("--help") || command.equals("-h")
                || (!command.equals("jmh") && (rest.contains("--help") || rest.contains("-h")))) {
            usage(out);
            return 0;
        }
        try {
            switch (command) {
                case "demo" -> {
                    DemoOptions options = DemoOptions.parse(rest);
                    // The demo narrates the control plane and the driver itself; their own log lines would repeat it.
                    logAtLeast(Level.SEVERE);
                    return new Demo(options, out).run();
                }
                case "failover" -> {
                    FailoverOptions options = FailoverOptions.parse(rest);
                    // Failovers are the point here: the clients' and the control plane's warnings would drown the table.
                    logAtLeast(Level.SEVERE);
                    return new FailoverHarness(options, out).run();
                }
                case "chaos" -> {
                    ChaosOptions options = ChaosOptions.parse(rest);
                    // The faults are the point: the driver's and the control plane's warnings would drown the steps.
                    logAtLeast(Level.SEVERE);
                    return new ChaosHarness(options, out).run();
                }
                case "scale" -> {
                    ScaleOptions options = ScaleOptions.parse(rest);
                    logAtLeast(Level.SEVERE);
                    return new ScaleBenchmark(options, out).run();
                }
                case "jmh" -> {
                    return JmhCommand.run(rest, out, err);
                }
                case "report" -> {
                    return ReadmeReport.run(rest, out);
                }
                default -> {
                    err.println("error: unknown command '" + command + "'");
                    usage(err);
                    return USAGE;
                }
            }
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            usage(err);
            return USAGE;
        }
    }

    /**
     * Sets the level of java.util.logging's root logger, where the libraries' logs end (the jar routes SLF4J there
     * with slf4j-jdk14): only records at {@code level} or above reach the console. Unless the user configured
     * logging ({@code -Djava.util.logging.config.file=...} or {@code .config.class}): then theirs decides.
     */
    static void logAtLeast(Level level) {
        if (System.getProperty("java.util.logging.config.file") == null
                && System.getProperty("java.util.logging.config.class") == null) {
            Logger.getLogger("").setLevel(level);
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: aurora-benchmarks demo " + DemoOptions.USAGE);
        out.println("       aurora-benchmarks failover " + FailoverOptions.USAGE);
        out.println("       aurora-benchmarks jmh [JMH options, e.g. -f 3 -wi 5 -i 10 -prof gc -p engine=postgresql]");
        out.println("       aurora-benchmarks chaos " + ChaosOptions.USAGE);
        out.println("       aurora-benchmarks scale " + ScaleOptions.USAGE);
        out.println("       aurora-benchmarks report " + ReadmeReport.USAGE);
        out.println("  demo      a narrated failover on a local cluster: an application inserts a row every 10 ms through");
        out.println("            jdbc:aurora: while the writer fails (default: PostgreSQL, 2 replicas, asynchronous, kill)");
        out.println("  failover  the write-unavailability window per client and fault over many trials, beside the");
        out.println("            cluster's own failover time; JSON and a Markdown table under benchmarks/results/");
        out.println("  jmh       per-call cost (time and allocation) of jdbc:aurora: vs the raw driver vs the AWS wrapper");
        out.println("  chaos     random faults (kill, stop, hang, cut, reset, failover(), replicas added/removed, lag) on");
        out.println("            a synchronous cluster under a HikariCP load through jdbc:aurora: until N writer failovers;");
        out.println("            lost writes, half-applied transactions, stale reads, SQLStates, longest call, leaks");
        out.println("  scale     1 writer + 15 replicas, 1,000 connections per client: threads, heap, queries per node per");
        out.println("            second in the steady state, read distribution");
        out.println("  report    rewrites the summary table of benchmarks/README.md from benchmarks/results/");
        out.println("exit status: 0 done, 1 the command failed, 2 bad command line, 3 the cluster could not start here");
    }
}
