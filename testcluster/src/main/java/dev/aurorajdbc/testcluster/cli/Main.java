package dev.aurorajdbc.testcluster.cli;

import dev.aurorajdbc.testcluster.BackendType;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.FailoverReport;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.endpoint.EndpointNames;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The test cluster's command line.
 *
 * <pre>
 * up [--engine postgresql|mysql] [--replicas N] [--sync] [--json] [--port P] [--auto-failover-ms MS]
 *    [--backend auto|process|container] [--image IMAGE] [--mysql-server mysql|mariadb]
 * </pre>
 *
 * {@code up} starts a cluster, prints its nodes and URLs (with {@code --json}: one JSON object on the first line),
 * then reads commands on standard input, one per line, answering each with one JSON line, until end-of-file or
 * SIGTERM, and stops the cluster cleanly. The demo, whose application runs through {@code jdbc:aurora:}, lives in
 * the benchmarks module ({@code ./demo} at the repository root): this module must not depend on the driver.
 */
public final class Main {
    static final String COMMANDS = "status | failover [NODE] | kill NODE | stop NODE | start NODE | hang NODE | resume NODE"
            + " | cut NODE | heal NODE | reset NODE | add-replica | remove-replica NODE | lag NODE MILLIS"
            + " | custom-endpoint NAME NODE... | delete-custom-endpoint NAME";

    /** Held: java.util.logging keeps only weak references to loggers, and a collected one forgets its level. */
    private static final Logger TESTCONTAINERS = Logger.getLogger("org.testcontainers");

    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            usage(System.out);
            return;
        }
        try {
            Options options = Options.parse(args);
            quietLogs(options);
            System.exit(up(options));
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            usage(System.err);
            System.exit(2);
        }
    }

    /**
     * The libraries log through java.util.logging (SLF4J, which Testcontainers uses, is routed there by slf4j-jdk14):
     * warnings and errors only. Testcontainers not at all unless the container backend was asked for: on
     * {@code --backend auto} it is asked whether Docker answers, and without Docker it logs that as an error
     * although the process backend then runs. A user who configures logging
     * ({@code -Djava.util.logging.config.file=...} or {@code .config.class}) keeps theirs.
     */
    static void quietLogs(Options options) {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        Logger.getLogger("").setLevel(Level.WARNING);
        boolean containerAsked = options.backend == BackendType.CONTAINER
                || (options.backend == null && BackendType.CONTAINER.equals(BackendType.configured()));
        if (!containerAsked) {
            TESTCONTAINERS.setLevel(Level.OFF);
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: aurora-testcluster up [--engine postgresql|mysql] [--replicas N] [--sync] [--json] [--port P] [--auto-failover-ms MS]");
        out.println("                             [--backend auto|process|container] [--image IMAGE] [--mysql-server mysql|mariadb]");
        out.println("--backend: where the nodes run (default: -D" + BackendType.PROPERTY + ", else $" + BackendType.ENVIRONMENT
                + ", else auto: containers when Docker answers); --image: the container image of the nodes.");
        out.println("--mysql-server: the server of a MySQL cluster (default: -D" + MySqlServer.PROPERTY + ", else $"
                + MySqlServer.ENVIRONMENT + ", else mariadb; on containers the image decides).");
        out.println("While 'up' runs, it reads commands on standard input and answers each with one JSON line:");
        out.println("  " + COMMANDS);
        out.println("The demo (a narrated failover through jdbc:aurora:) is ./demo at the repository root.");
    }

    static TestCluster start(Options options) {
        return builder(options).start();
    }

    static TestCluster.Builder builder(Options options) {
        TestCluster.Builder b = TestCluster.builder(options.engine)
                .replicas(options.replicas)
                .sync(options.sync)
                .port(options.port > 0 ? options.port : options.engine.defaultPort())
                .autoFailover(options.autoFailoverMs > 0 ? Duration.ofMillis(options.autoFailoverMs) : null);
        if (options.backend != null) {
            b.backend(options.backend);
        }
        if (options.image != null) {
            b.containerImage(options.image);
        }
        if (options.mysqlServer != null) {
            b.mysqlServer(options.mysqlServer);
        }
        return b;
    }

    private static int up(Options options) {
        PrintStream out = System.out;
        TestCluster cluster;
        try {
            cluster = start(options);
        } catch (RuntimeException e) {
            if (options.json) {
                out.println(Json.write(Map.of("ok", false, "error", String.valueOf(e.getMessage()))));
            }
            System.err.println("error: the cluster did not start: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(cluster::close, "aurora-testcluster-cli-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (options.json) {
            out.println(Json.write(status(cluster)));
        } else {
            printHuman(cluster, out);
        }
        out.flush();
        CommandInterpreter interpreter = new CommandInterpreter(cluster);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                out.println(Json.write(interpreter.execute(line.trim())));
                out.flush();
            }
        } catch (IOException e) {
            System.err.println("error: reading standard input: " + e.getMessage());
        }
        cluster.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // shutting down already
        }
        return 0;
    }

    private static void printHuman(TestCluster cluster, PrintStream out) {
        out.printf("%s cluster %s is up (%d nodes, %s replication, backend: %s)%n", cluster.engine().urlName(), cluster.name(),
                cluster.nodes().size(), cluster.sync() ? "synchronous" : "asynchronous", cluster.backendName());
        out.println("  server:            " + cluster.server());
        out.printf("  %-4s %-8s %-8s %-22s %s%n", "id", "role", "state", "address", "native JDBC URL");
        for (Node n : cluster.nodes()) {
            out.printf("  %-4s %-8s %-8s %-22s %s%n", n.id(), n.role().name().toLowerCase(Locale.ROOT),
                    n.state().name().toLowerCase(Locale.ROOT), n.address(), n.jdbcUrl());
        }
        out.println("  aurora URL:        " + cluster.auroraUrl());
        out.println("  instance pattern:  " + cluster.instanceHostPattern());
        out.println("  user / password:   " + cluster.user() + " / " + cluster.password());
        EndpointNames names = cluster.endpoints();
        out.println("  cluster endpoint:  " + names.clusterEndpoint());
        out.println("  reader endpoint:   " + names.readerEndpoint());
        out.println("  instance endpoints: " + names.instanceHostPattern() + " (? = node id)");
        out.println("  endpoint URL:      " + cluster.endpointUrl());
        out.println("  names resolve in a JVM started with: " + cluster.endpointJvmOptions());
        out.println("Commands on standard input, one per line (end-of-file stops the cluster):");
        out.println("  " + COMMANDS);
    }

    /** The cluster as one JSON-ready map: the first line of {@code up --json} and the answer to {@code status}. */
    static Map<String, Object> status(TestCluster cluster) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ok", true);
        m.put("cluster", cluster.name());
        m.put("engine", cluster.engine().urlName());
        m.put("backend", cluster.backendName());
        m.put("server", cluster.server());
        if (cluster.mysqlServer() != null) {
            m.put("mysqlServer", cluster.mysqlServer().toString());
        }
        m.put("sync", cluster.sync());
        m.put("auroraUrl", cluster.auroraUrl());
        m.put("instanceHostPattern", cluster.instanceHostPattern());
        EndpointNames names = cluster.endpoints();
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put("cluster", names.clusterEndpoint());
        endpoints.put("reader", names.readerEndpoint());
        endpoints.put("instancePattern", names.instanceHostPattern());
        Map<String, Object> custom = new LinkedHashMap<>();
        cluster.customEndpoints().forEach((name, ids) -> custom.put(names.customEndpoint(name), new ArrayList<>(ids)));
        endpoints.put("custom", custom);
        endpoints.put("url", cluster.endpointUrl());
        endpoints.put("hostsFile", cluster.hostsFile().toString());
        endpoints.put("jvmOptions", cluster.endpointJvmOptions());
        m.put("endpoints", endpoints);
        m.put("database", cluster.database());
        m.put("user", cluster.user());
        m.put("password", cluster.password());
        m.put("port", cluster.port());
        m.put("startupMs", cluster.startupMillis());
        List<Object> nodes = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            nodes.add(node(n));
        }
        m.put("nodes", nodes);
        return m;
    }

    static Map<String, Object> node(Node n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", n.id());
        m.put("role", n.role().name().toLowerCase(Locale.ROOT));
        m.put("state", n.state().name().toLowerCase(Locale.ROOT));
        m.put("cut", n.isCut());
        m.put("host", n.host());
        m.put("port", n.port());
        m.put("jdbcUrl", n.jdbcUrl());
        return m;
    }

    static Map<String, Object> report(FailoverReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trigger", r.trigger());
        m.put("oldWriter", r.oldWriter());
        m.put("newWriter", r.newWriter());
        m.put("writableAfterMs", r.writableAfterMs());
        m.put("totalMs", r.totalMs());
        List<Object> steps = new ArrayList<>();
        for (FailoverReport.Step s : r.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("name", s.name());
            step.put("ms", s.millis());
            step.put("detail", s.detail());
            steps.add(step);
        }
        m.put("steps", steps);
        return m;
    }

    /** Parsed command-line options. */
    static final class Options {
        String command;
        Engine engine = Engine.POSTGRESQL;
        int replicas = 2;
        boolean sync;
        boolean json;
        int port;
        long autoFailoverMs = 1000;
        BackendType backend;
        MySqlServer mysqlServer;
        String image;

        static Options parse(String[] args) {
            Options o = new Options();
            o.command = args[0];
            if (o.command.equals("demo")) {
                throw new IllegalArgumentException("the demo moved: run ./demo at the repository root (its application"
                        + " now runs through jdbc:aurora:)");
            }
            if (!o.command.equals("up")) {
                throw new IllegalArgumentException("unknown command '" + o.command + "'");
            }
            for (int i = 1; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--engine": o.engine = Engine.parse(value(args, ++i, a)); break;
                    case "--replicas": o.replicas = intValue(args, ++i, a, 0, 15); break;
                    case "--sync": o.sync = true; break;
                    case "--json": o.json = true; break;
                    case "--port": o.port = intValue(args, ++i, a, 1, 65535); break;
                    case "--auto-failover-ms": o.autoFailoverMs = intValue(args, ++i, a, 0, 3_600_000); break;
                    case "--backend": o.backend = BackendType.parse(value(args, ++i, a)); break;
                    case "--image": o.image = value(args, ++i, a); break;
                    case "--mysql-server": o.mysqlServer = MySqlServer.parse(value(args, ++i, a)); break;
                    default: throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int intValue(String[] args, int i, String option, int min, int max) {
            String v = value(args, i, option);
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", got " + v);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a number, got '" + v + "'");
            }
        }
    }
}
