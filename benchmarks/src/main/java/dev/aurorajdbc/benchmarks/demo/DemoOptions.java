package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.testcluster.Engine;

import java.util.List;
import java.util.Objects;

/**
 * The demo's settings, parsed once from the command line and validated.
 *
 * @param engine   the cluster's engine ({@code --engine postgresql|mysql}; default PostgreSQL)
 * @param replicas the number of replicas ({@code --replicas N}, 1 to 15: a failover needs one; default 2)
 * @param sync     synchronous (PostgreSQL) / semi-synchronous (MariaDB) replication ({@code --sync}; default off)
 * @param fault    the fault injected on the writer ({@code --fault kill|hang|cut|failover}; default kill)
 */
public record DemoOptions(Engine engine, int replicas, boolean sync, Fault fault) {
    /** The options of a plain {@code ./demo}. */
    public static final DemoOptions DEFAULTS = new DemoOptions(Engine.POSTGRESQL, 2, false, Fault.KILL);

    /** The usage line of the {@code demo} command's options. */
    public static final String USAGE = "[--engine postgresql|mysql] [--replicas N] [--sync] [--fault kill|hang|cut|failover]";

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public DemoOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(fault, "fault");
        if (replicas < 1 || replicas > 15) {
            throw new IllegalArgumentException("--replicas must be between 1 and 15 (a failover needs a replica), got "
                    + replicas);
        }
    }

    /**
     * Parses the {@code demo} command's arguments (the command name itself excluded).
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, naming it
     */
    public static DemoOptions parse(List<String> args) {
        Engine engine = DEFAULTS.engine;
        int replicas = DEFAULTS.replicas;
        boolean sync = DEFAULTS.sync;
        Fault fault = DEFAULTS.fault;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--engine" -> engine = Engine.parse(value(args, ++i, a));
                case "--replicas" -> replicas = intValue(args, ++i, a);
                case "--sync" -> sync = true;
                case "--fault" -> fault = Fault.parse(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        return new DemoOptions(engine, replicas, sync, fault);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static int intValue(List<String> args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a number, got '" + v + "'");
        }
    }
}
