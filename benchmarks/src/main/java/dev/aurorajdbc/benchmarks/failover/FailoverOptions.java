package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.benchmarks.demo.Fault;
import dev.aurorajdbc.testcluster.Engine;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The failover harness's settings, parsed once from the command line and validated.
 *
 * @param engine          the cluster's engine ({@code --engine}; default PostgreSQL)
 * @param faults          the faults, each run {@code trials} times ({@code --faults kill,hang,cut,failover}; default all)
 * @param trials          trials per client and fault ({@code --trials}; default 20)
 * @param clients         the clients compared ({@code --clients}; default every client that runs on the engine)
 * @param replicas        replicas of the cluster ({@code --replicas}, 1–15; default 2)
 * @param sync            synchronous / semi-synchronous replication ({@code --sync}, the default, as Aurora's storage
 *                        never loses an acknowledged commit; {@code --async} turns it off)
 * @param intervalMs      pause between two inserts of the application ({@code --interval-ms}; default 5)
 * @param client          the application's connect and socket timeouts ({@code --connect-timeout-ms}, default 2000;
 *                        {@code --socket-timeout-ms}, default 2000, 0 for none)
 * @param trialTimeoutMs  how long a trial waits for writes to resume before it counts as a failure with that bound
 *                        ({@code --trial-timeout-ms}; default 60000)
 * @param output          the JSON result file ({@code --output}; default
 *                        {@code benchmarks/results/failover-<engine>.json}); a Markdown table is written beside it
 * @param autoFailoverMs  the test cluster's watchdog delay: it fails over a writer unreachable this long
 *                        ({@code --auto-failover-ms}; default 1000, the test cluster's default)
 * @param awsWrapperProperties extra connection properties of the {@code aws-wrapper} client
 *                        ({@code --aws-wrapper-property NAME=VALUE}, repeatable; default none: the wrapper's defaults),
 *                        e.g. its host-monitoring settings {@code failureDetectionTime=...}
 */
public record FailoverOptions(Engine engine, List<Fault> faults, int trials, List<ClientKind> clients, int replicas,
        boolean sync, long intervalMs, ClientSettings client, long trialTimeoutMs, Path output, long autoFailoverMs,
        Map<String, String> awsWrapperProperties) {

    /** The usage line of the {@code failover} command's options. */
    public static final String USAGE = "[--engine postgresql|mysql] [--faults kill,hang,cut,failover] [--trials N]"
            + " [--clients aurora,aws-wrapper,pgjdbc-primary,connectorj-multihost] [--replicas N] [--sync|--async]"
            + " [--interval-ms MS] [--connect-timeout-ms MS] [--socket-timeout-ms MS] [--trial-timeout-ms MS]"
            + " [--output FILE.json] [--auto-failover-ms MS] [--aws-wrapper-property NAME=VALUE]...";

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException naming the offending value
     */
    public FailoverOptions {
        Objects.requireNonNull(engine, "engine");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(output, "output");
        faults = List.copyOf(faults);
        awsWrapperProperties = Collections.unmodifiableMap(new LinkedHashMap<>(awsWrapperProperties));
        clients = List.copyOf(clients);
        if (faults.isEmpty()) {
            throw new IllegalArgumentException("--faults needs at least one fault");
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("--clients needs at least one client");
        }
        for (ClientKind k : clients) {
            if (!k.supports(engine)) {
                throw new IllegalArgumentException("client " + k.option() + " does not run on " + engine.urlName()
                        + "; on " + engine.urlName() + " the clients are " + names(ClientKind.forEngine(engine)));
            }
        }
        if (trials < 1) {
            throw new IllegalArgumentException("--trials must be at least 1, got " + trials);
        }
        if (replicas < 1 || replicas > 15) {
            throw new IllegalArgumentException("--replicas must be between 1 and 15 (a failover needs a replica), got "
                    + replicas);
        }
        if (intervalMs < 1) {
            throw new IllegalArgumentException("--interval-ms must be at least 1, got " + intervalMs);
        }
        if (trialTimeoutMs < 1_000) {
            throw new IllegalArgumentException("--trial-timeout-ms must be at least 1000, got " + trialTimeoutMs);
        }
        if (autoFailoverMs < 100) {
            throw new IllegalArgumentException("--auto-failover-ms must be at least 100, got " + autoFailoverMs);
        }
    }

    /**
     * Parses the {@code failover} command's arguments (the command name excluded).
     *
     * @throws IllegalArgumentException for an unknown option, a missing or bad value, naming it
     */
    public static FailoverOptions parse(List<String> args) {
        Engine engine = Engine.POSTGRESQL;
        List<Fault> faults = List.of(Fault.values());
        int trials = 20;
        List<ClientKind> clients = null;
        int replicas = 2;
        boolean sync = true;
        long interval = 5;
        long connectTimeout = 2_000;
        long socketTimeout = 2_000;
        long trialTimeout = 60_000;
        long autoFailover = 1_000;
        Path output = null;
        Map<String, String> awsWrapperProperties = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--engine" -> engine = Engine.parse(value(args, ++i, a));
                case "--faults", "--fault" -> faults = list(value(args, ++i, a), Fault::parse);
                case "--trials" -> trials = (int) number(args, ++i, a);
                case "--clients", "--client" -> clients = list(value(args, ++i, a), ClientKind::parse);
                case "--replicas" -> replicas = (int) number(args, ++i, a);
                case "--sync" -> sync = true;
                case "--async" -> sync = false;
                case "--interval-ms" -> interval = number(args, ++i, a);
                case "--connect-timeout-ms" -> connectTimeout = number(args, ++i, a);
                case "--socket-timeout-ms" -> socketTimeout = number(args, ++i, a);
                case "--trial-timeout-ms" -> trialTimeout = number(args, ++i, a);
                case "--output" -> output = Path.of(value(args, ++i, a));
                case "--auto-failover-ms" -> autoFailover = number(args, ++i, a);
                case "--aws-wrapper-property" -> {
                    String v = value(args, ++i, a);
                    int eq = v.indexOf('=');
                    if (eq < 1) {
                        throw new IllegalArgumentException(a + " needs NAME=VALUE, got '" + v + "'");
                    }
                    awsWrapperProperties.put(v.substring(0, eq), v.substring(eq + 1));
                }
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (clients == null) {
            clients = ClientKind.forEngine(engine);
        }
        if (output == null) {
            output = Path.of("benchmarks", "results", "failover-" + engine.urlName() + ".json");
        }
        return new FailoverOptions(engine, faults, trials, clients, replicas, sync, interval,
                new ClientSettings(connectTimeout, socketTimeout), trialTimeout, output, autoFailover,
                awsWrapperProperties);
    }

    private static <T> List<T> list(String value, java.util.function.Function<String, T> parse) {
        LinkedHashSet<T> items = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                items.add(parse.apply(part.trim()));
            }
        }
        return new ArrayList<>(items);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(List<String> args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'");
        }
    }

    private static String names(List<ClientKind> kinds) {
        List<String> names = new ArrayList<>();
        kinds.forEach(k -> names.add(k.option()));
        return String.join(", ", names);
    }
}
