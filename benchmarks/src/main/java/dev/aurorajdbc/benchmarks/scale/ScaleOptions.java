package dev.aurorajdbc.benchmarks.scale;

import dev.aurorajdbc.testcluster.Engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The scale benchmark's settings, parsed once from the command line and validated.
 *
 * @param engine        the cluster's engine ({@code --engine}; default PostgreSQL)
 * @param replicas      replicas ({@code --replicas}, 0–15; default 15, Aurora's limit)
 * @param connections   logical connections each client holds open ({@code --connections}; default 1000)
 * @param clients       the clients measured ({@code --clients raw,aurora,aurora-rw,aws-wrapper,aws-rw}; default every one that runs on
 *                      the engine)
 * @param steadySeconds how long the steady state is observed ({@code --steady-seconds}; default 60: PostgreSQL's
 *                      idle backends flush their statistics within 10 s, so the period must be long against that)
 * @param output        the JSON result file ({@code --output}; default {@code benchmarks/results/scale-<engine>.json});
 *                      a Markdown table is written beside it
 */
public record ScaleOptions(Engine engine, int replicas, int connections, List<String> clients, int steadySeconds,
        Path output) {
    /** Every client the scale benchmark knows. */
    public static final List<String> CLIENTS = List.of("raw", "aurora", "aurora-rw", "aws-wrapper", "aws-rw");
    /** The usage line of the {@code scale} command's options. */
    public static final String USAGE = "[--engine postgresql|mysql] [--replicas N] [--connections N]"
            + " [--clients raw,aurora,aurora-rw,aws-wrapper,aws-rw] [--steady-seconds S] [--output FILE.json]";

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public ScaleOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(output, "output");
        clients = List.copyOf(clients);
        if (replicas < 0 || replicas > 15) {
            throw new IllegalArgumentException("--replicas must be between 0 and 15, got " + replicas);
        }
        if (connections < 1 || connections > 1_100) {
            throw new IllegalArgumentException("--connections must be between 1 and 1100 (the test cluster's servers"
                    + " accept 1200), got " + connections);
        }
        if (steadySeconds < 1) {
            throw new IllegalArgumentException("--steady-seconds must be at least 1, got " + steadySeconds);
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("--clients needs at least one client");
        }
        for (String c : clients) {
            if (!CLIENTS.contains(c)) {
                throw new IllegalArgumentException("--clients takes raw, aurora, aurora-rw, aws-wrapper or aws-rw, got '" + c + "'");
            }
            if (c.startsWith("aws-") && engine != Engine.POSTGRESQL) {
                throw new IllegalArgumentException("client " + c + " does not run on " + engine.urlName()
                        + " (its Aurora MySQL mode cannot run on the emulated metadata)");
            }
        }
    }

    /**
     * Parses the {@code scale} command's arguments (the command name excluded).
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, naming it
     */
    public static ScaleOptions parse(List<String> args) {
        Engine engine = Engine.POSTGRESQL;
        int replicas = 15;
        int connections = 1_000;
        List<String> clients = null;
        int steady = 60;
        Path output = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--engine" -> engine = Engine.parse(value(args, ++i, a));
                case "--replicas" -> replicas = number(args, ++i, a);
                case "--connections" -> connections = number(args, ++i, a);
                case "--clients" -> {
                    LinkedHashSet<String> set = new LinkedHashSet<>();
                    for (String c : value(args, ++i, a).split(",")) {
                        if (!c.isBlank()) {
                            set.add(c.trim().toLowerCase(Locale.ROOT));
                        }
                    }
                    clients = new ArrayList<>(set);
                }
                case "--steady-seconds" -> steady = number(args, ++i, a);
                case "--output" -> output = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (clients == null) {
            clients = engine == Engine.POSTGRESQL ? CLIENTS : List.of("raw", "aurora", "aurora-rw");
        }
        if (output == null) {
            output = Path.of("benchmarks", "results", "scale-" + engine.urlName() + ".json");
        }
        return new ScaleOptions(engine, replicas, connections, clients, steady, output);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int number(List<String> args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'");
        }
    }
}
