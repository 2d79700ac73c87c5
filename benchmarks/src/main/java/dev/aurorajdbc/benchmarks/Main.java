package dev.aurorajdbc.benchmarks;

import dev.aurorajdbc.benchmarks.demo.Demo;
import dev.aurorajdbc.benchmarks.demo.DemoOptions;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The command line of {@code aurora-benchmarks.jar} ({@code ./demo} at the repository root runs its {@code demo}
 * command). One subcommand per tool, so that the failover harness and the JMH benchmarks fit beside the demo.
 *
 * <pre>
 * demo [--engine postgresql|mysql] [--replicas N] [--sync] [--fault kill|hang|cut|failover]
 * </pre>
 *
 * Exit status: 0 done, 1 the demo failed, 2 bad command line, 3 the cluster could not start on this machine.
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
        if (list.contains("--help") || list.contains("-h")) {
            usage(out);
            return 0;
        }
        String command = list.get(0);
        if (!command.equals("demo")) {
            err.println("error: unknown command '" + command + "'");
            usage(err);
            return USAGE;
        }
        DemoOptions options;
        try {
            options = DemoOptions.parse(list.subList(1, list.size()));
        } catch (IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            usage(err);
            return USAGE;
        }
        // The demo narrates the control plane and the driver itself; their own log lines would repeat it.
        Logger.getLogger("").setLevel(Level.SEVERE);
        return new Demo(options, out).run();
    }

    private static void usage(PrintStream out) {
        out.println("usage: aurora-benchmarks demo " + DemoOptions.USAGE);
        out.println("  demo   a narrated failover on a local cluster: an application inserts a row every 10 ms through");
        out.println("         jdbc:aurora: while the writer fails (default: PostgreSQL, 2 replicas, asynchronous, kill)");
        out.println("exit status: 0 done, 1 the demo failed, 2 bad command line, 3 the cluster could not start here");
    }
}
