package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The clients the failover harness compares, named as on the command line ({@code --clients}). Each one gets its
 * connections the way an application on that client would, with the same application timeouts for all of them
 * (connect and socket timeout, see {@link ClientSettings}); what differs is only what the client itself does when
 * the writer fails.
 */
public enum ClientKind {
    /** {@code jdbc:aurora:} — this driver, at its default settings, with the cluster's URL. */
    AURORA("aurora", "jdbc:aurora: (aurora-jdbc), default settings", List.of(Engine.POSTGRESQL, Engine.MYSQL)),
    /**
     * {@code jdbc:aurora:} through the cluster endpoint's name only, as an Aurora application's URL has it (no
     * instance host pattern: the driver derives it), with the test cluster's stale-DNS window after each failover.
     * Needs a JVM that resolves the cluster's endpoint names ({@code TestCluster.endpointJvmOptions()}).
     */
    AURORA_ENDPOINT("aurora-endpoint", "jdbc:aurora: through the cluster endpoint name only, default settings",
            List.of(Engine.POSTGRESQL, Engine.MYSQL)),
    /**
     * The AWS Advanced JDBC Wrapper over pgjdbc, with its default plugins (which include {@code failover2} and
     * {@code efm2}), on the emulated Aurora PostgreSQL metadata. Its Aurora MySQL mode cannot run on the emulation.
     */
    AWS_WRAPPER("aws-wrapper", "AWS Advanced JDBC Wrapper over pgjdbc, default plugins (failover2, efm2 among them)",
            List.of(Engine.POSTGRESQL)),
    /** The AWS Advanced JDBC Wrapper through the cluster endpoint's name only, as {@link #AURORA_ENDPOINT}. */
    AWS_WRAPPER_ENDPOINT("aws-wrapper-endpoint", "AWS Advanced JDBC Wrapper over pgjdbc through the cluster endpoint"
            + " name only, default plugins", List.of(Engine.POSTGRESQL)),
    /** pgjdbc with every node in the URL and {@code targetServerType=primary}; the application reconnects on errors. */
    PGJDBC_PRIMARY("pgjdbc-primary", "pgjdbc multi-host URL, targetServerType=primary, application reconnect loop",
            List.of(Engine.POSTGRESQL)),
    /**
     * Connector/J's multi-host (failover) URL with {@code failOverReadOnly=false}. It does not know which host is
     * the writer, so the application checks {@code @@read_only} after connecting and, when it landed on a replica,
     * tries again with the host list rotated by one — what an application must add to a static host list.
     */
    CONNECTORJ_MULTIHOST("connectorj-multihost", "Connector/J multi-host URL (failOverReadOnly=false), application"
            + " checks @@read_only and rotates the host list", List.of(Engine.MYSQL));

    private final String option;
    private final String description;
    private final List<Engine> engines;

    ClientKind(String option, String description, List<Engine> engines) {
        this.option = option;
        this.description = description;
        this.engines = engines;
    }

    /** The client's name on the command line and in results. */
    public String option() {
        return option;
    }

    /** What the client is, for results and tables. */
    public String description() {
        return description;
    }

    /** Whether the client can run against a cluster of {@code engine} here. */
    public boolean supports(Engine engine) {
        return engines.contains(engine);
    }

    /** Whether the client connects by endpoint names, which only a JVM given the cluster's hosts file resolves. */
    public boolean usesEndpointNames() {
        return this == AURORA_ENDPOINT || this == AWS_WRAPPER_ENDPOINT;
    }

    /**
     * The clients that run on {@code engine} by addresses, in declaration order (the default of {@code --clients});
     * those by endpoint names are asked for by name.
     */
    public static List<ClientKind> forEngine(Engine engine) {
        return java.util.Arrays.stream(values()).filter(k -> k.supports(engine) && !k.usesEndpointNames())
                .collect(Collectors.toList());
    }

    /**
     * The client named {@code text} (case-insensitive).
     *
     * @throws IllegalArgumentException naming the value and the choices
     */
    public static ClientKind parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (ClientKind k : values()) {
            if (k.option.equals(t)) {
                return k;
            }
        }
        throw new IllegalArgumentException("--clients takes " + java.util.Arrays.stream(values()).map(ClientKind::option)
                .collect(Collectors.joining(", ")) + "; got '" + text + "'");
    }

    /**
     * How this client connects to {@code cluster}.
     *
     * @throws IllegalArgumentException when the client does not run on the cluster's engine
     */
    public Connector connector(TestCluster cluster, ClientSettings settings) {
        return connector(cluster, settings, Map.of());
    }

    /**
     * How this client connects to {@code cluster}, with {@code extra} connection properties on top of the harness's
     * own (used by {@link #AURORA} and {@link #AWS_WRAPPER}, whose settings they are; ignored by the others).
     *
     * @throws IllegalArgumentException when the client does not run on the cluster's engine
     */
    public Connector connector(TestCluster cluster, ClientSettings settings, Map<String, String> extra) {
        if (!supports(cluster.engine())) {
            throw new IllegalArgumentException(option + " does not run on " + cluster.engine().urlName());
        }
        boolean pg = cluster.engine() == Engine.POSTGRESQL;
        if (usesEndpointNames() && !cluster.hostsFile().toString().equals(System.getProperty("jdk.net.hosts.file"))) {
            throw new IllegalStateException(option + " connects by endpoint names, which this JVM cannot resolve: run it"
                    + " with " + cluster.endpointJvmOptions());
        }
        Properties props = new Properties();
        props.setProperty("user", cluster.user());
        props.setProperty("password", cluster.password());
        return switch (this) {
            case AURORA -> {
                String url = cluster.auroraUrl() + "&connectTimeoutMs=" + settings.connectTimeoutMs()
                        + (settings.socketTimeoutMs() > 0 ? "&socketTimeout=" + settings.nativeSocketTimeout(pg) : "");
                extra.forEach(props::setProperty);
                yield new Connector(url, () -> DriverManager.getConnection(url, props));
            }
            case AURORA_ENDPOINT -> {
                String endpoint = cluster.endpointUrl();
                String url = endpoint + (endpoint.contains("?") ? "&" : "?") + "connectTimeoutMs=" + settings.connectTimeoutMs()
                        + (settings.socketTimeoutMs() > 0 ? "&socketTimeout=" + settings.nativeSocketTimeout(pg) : "");
                extra.forEach(props::setProperty);
                yield new Connector(url, () -> DriverManager.getConnection(url, props));
            }
            case AWS_WRAPPER_ENDPOINT -> {
                // The wrapper derives the instance host pattern from the RDS-format name, as on Aurora.
                String url = "jdbc:aws-wrapper:postgresql://" + cluster.endpoints().clusterEndpoint() + ":" + cluster.port()
                        + "/" + cluster.database();
                props.setProperty("clusterId", "bench-endpoint-" + cluster.name());
                settings.applyPgjdbcTimeouts(props);
                extra.forEach(props::setProperty);
                yield new Connector(url + (extra.isEmpty() ? "" : " (" + extra + ")"),
                        () -> DriverManager.getConnection(url, props));
            }
            case AWS_WRAPPER -> {
                // Every node, the first writer first, as an application lists its cluster's hosts; the wrapper's
                // topology (read through the emulated aurora_replica_status()) does the rest.
                String url = "jdbc:aws-wrapper:postgresql://" + hosts(cluster, 0) + "/" + cluster.database();
                props.setProperty("clusterInstanceHostPattern", cluster.instanceHostPattern());
                props.setProperty("clusterId", "bench-" + cluster.name());
                settings.applyPgjdbcTimeouts(props);
                extra.forEach(props::setProperty);
                yield new Connector(url + " (clusterInstanceHostPattern=" + cluster.instanceHostPattern()
                        + (extra.isEmpty() ? "" : ", " + extra) + ")",
                        () -> DriverManager.getConnection(url, props));
            }
            case PGJDBC_PRIMARY -> {
                String url = "jdbc:postgresql://" + hosts(cluster, 0) + "/" + cluster.database() + "?targetServerType=primary";
                settings.applyPgjdbcTimeouts(props);
                yield new Connector(url, () -> DriverManager.getConnection(url, props));
            }
            case CONNECTORJ_MULTIHOST -> {
                props.setProperty("failOverReadOnly", "false");
                props.setProperty("sslMode", "DISABLED");
                props.setProperty("connectTimeout", Long.toString(settings.connectTimeoutMs()));
                if (settings.socketTimeoutMs() > 0) {
                    props.setProperty("socketTimeout", Long.toString(settings.socketTimeoutMs()));
                }
                AtomicInteger rotation = new AtomicInteger();
                yield new Connector("jdbc:mysql://" + hosts(cluster, 0) + "/" + cluster.database()
                        + " (failOverReadOnly=false, host list rotated after landing on a read-only node)", () -> {
                            String url = "jdbc:mysql://" + hosts(cluster, rotation.get()) + "/" + cluster.database();
                            Connection c = DriverManager.getConnection(url, props);
                            boolean writable;
                            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT @@read_only")) {
                                writable = rs.next() && rs.getInt(1) == 0;
                            } catch (SQLException e) {
                                close(c, e);
                                throw e;
                            }
                            if (!writable) {
                                rotation.incrementAndGet();
                                c.close();
                                throw new SQLException("landed on a read-only node: " + url, "25006");
                            }
                            return c;
                        });
            }
        };
    }

    /** {@code h1:p,h2:p,...}, the nodes in creation order rotated left by {@code rotation}. */
    static String hosts(TestCluster cluster, int rotation) {
        List<Node> nodes = cluster.nodes();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            b.append(i == 0 ? "" : ",").append(nodes.get(Math.floorMod(i + rotation, nodes.size())).address());
        }
        return b.toString();
    }

    private static void close(Connection c, SQLException failure) {
        try {
            c.close();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }

    /** Opens a connection the client's way. */
    @FunctionalInterface
    public interface Opener {
        /** A new connection; the caller owns it. */
        Connection open() throws SQLException;
    }

    /**
     * A client's way to connect: its URL (without credentials, for the results) and how to open a connection.
     *
     * @param url    the URL and the notable properties, for the results
     * @param opener opens a connection
     */
    public record Connector(String url, Opener opener) {
        /** A new connection; the caller owns it. */
        public Connection open() throws SQLException {
            return opener.open();
        }
    }
}
