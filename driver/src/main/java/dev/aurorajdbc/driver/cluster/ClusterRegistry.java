package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraListener;
import dev.aurorajdbc.driver.SqlStates;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.topology.TopologySource;
import dev.aurorajdbc.routing.Clock;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The cluster contexts of one driver instance (no static state): one per cluster, whatever the URL's spelling.
 * A cluster is recognised by its members: a new URL is looked up by its spelling first; failing that, one of its
 * hosts is asked for the topology and, if any member address belongs to a known context, that context serves it.
 * Two clusters never share an address, and a cluster keeps its member addresses across failovers, so this holds
 * where server-side ids would not (clones share PostgreSQL's system identifier; Aurora instance ids are unique only
 * per account and region). The {@code clusterId} property overrides the detection.
 */
public final class ClusterRegistry {
    private static final Logger LOG = Logger.getLogger(ClusterRegistry.class.getName());

    private final Map<String, ClusterContext> bySpelling = new ConcurrentHashMap<>();
    /** Keyed by topology source and member address: two ways of reading one cluster are two contexts. */
    private final Map<String, ClusterContext> byMember = new ConcurrentHashMap<>();
    private final Map<String, ClusterContext> byId = new ConcurrentHashMap<>();
    private final List<ClusterContext> all = new ArrayList<>();
    /** Guards registration only; never held across I/O. */
    private final ReentrantLock registration = new ReentrantLock();
    private final List<AuroraListener> listeners = new CopyOnWriteArrayList<>();

    /** Registers a listener for the events of every cluster of this driver instance. */
    public void addListener(AuroraListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Unregisters a listener; a no-op when it was not registered. */
    public void removeListener(AuroraListener listener) {
        listeners.remove(listener);
    }

    /**
     * Tells every listener of an event of {@code cluster}'s; a listener's exception is logged (naming the cluster) and
     * does not reach the others or the caller.
     */
    void fire(String cluster, Consumer<AuroraListener> event) {
        for (AuroraListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "[" + cluster + "] listener " + l + " failed", e);
            }
        }
    }

    /** Whether any listener is registered (events are not even built otherwise). */
    boolean hasListeners() {
        return !listeners.isEmpty();
    }

    /**
     * Opens a logical connection on the cluster {@code config} names. On the cluster's first use its context is
     * created from a first contact with one of the URL's hosts, which detects the topology source and reads the first
     * topology; that native connection then becomes the application's when it reached the writer (a cold connect
     * opens no other but the monitor's), else it is closed.
     */
    public AuroraConnection connect(AuroraConfig config) throws SQLException {
        String spelling = spelling(config);
        ClusterContext known = bySpelling.get(spelling);
        if (known != null) {
            return known.connect(config, null);
        }
        Optional<String> id = config.clusterId();
        if (id.isPresent() && byId.containsKey(id.get())) {
            return remember(spelling, byId.get(id.get())).connect(config, null);
        }
        Driver nativeDriver = NativeDrivers.load(config.engine());
        String name = id.orElse(config.engine().scheme() + "@" + config.hosts().get(0));
        FirstContact contact = FirstContact.open(config, nativeDriver, name);
        ClusterContext context;
        try {
            TopologySource source = TopologySources.create(config, name, contact.connection());
            Topology view = source.query(contact.connection(), contact.address(), new Topology.Sequence(Clock.SYSTEM));
            context = register(spelling, config, nativeDriver, name, source, view);
        } catch (SQLException | RuntimeException e) {
            ClusterContext.closeQuietly(contact.connection());
            throw e;
        }
        return context.connect(config, contact);
    }

    /** The context of a cluster just contacted: a known one it turns out to be (by id or member), else a new one. */
    private ClusterContext register(String spelling, AuroraConfig config, Driver nativeDriver, String name,
            TopologySource source, Topology view) {
        Optional<String> id = config.clusterId();
        registration.lock();
        try {
            ClusterContext known = bySpelling.get(spelling);
            if (known == null && id.isPresent()) {
                known = byId.get(id.get());
            }
            if (known == null && id.isEmpty()) {
                for (TopologyHost h : view.hosts()) {
                    known = byMember.get(memberKey(source.name(), h.address()));
                    if (known != null) {
                        break;
                    }
                }
            }
            if (known == null) {
                ClusterContext created = new ClusterContext(name, config, nativeDriver, source, this, view);
                all.add(created);
                id.ifPresent(i -> byId.put(i, created));
                registerMembers(created, view);
                created.registerMXBean();
                LOG.info("[" + name + "] new cluster context, topology source " + source.name() + ", first view " + view);
                known = created;
            }
            return remember(spelling, known);
        } finally {
            registration.unlock();
        }
    }

    private ClusterContext remember(String spelling, ClusterContext context) {
        bySpelling.put(spelling, context);
        return context;
    }

    /** A context's topology changed: file it under its new members' addresses too. */
    void membersChanged(ClusterContext context, Topology topology) {
        registerMembers(context, topology);
    }

    private void registerMembers(ClusterContext context, Topology topology) {
        for (TopologyHost h : topology.hosts()) {
            byMember.putIfAbsent(memberKey(context.sourceName(), h.address()), context);
        }
    }

    private static String memberKey(String source, HostAddress address) {
        return source + "|" + address;
    }

    /** The contexts, for diagnostics and tests. */
    public List<ClusterContext> contexts() {
        registration.lock();
        try {
            return List.copyOf(all);
        } finally {
            registration.unlock();
        }
    }

    /** Stops every context's monitor (driver deregistration). */
    public void shutdown() {
        for (ClusterContext c : contexts()) {
            c.shutdown();
        }
    }

    /** What makes two configurations the same cluster before asking it: engine, hosts in any order, how topology is read. */
    private static String spelling(AuroraConfig config) {
        TreeSet<String> hosts = new TreeSet<>();
        config.hosts().forEach(h -> hosts.add(h.toString()));
        return config.engine() + "|" + hosts + "|" + config.topologySource() + "|" + config.clusterInstanceHostPattern().orElse("")
                + "|" + config.auroraMetadataSchema() + "|" + config.clusterId().orElse("");
    }

    /**
     * The first native connection to any of the URL's hosts, for detection and identity; the connect it was opened for
     * keeps it when it reached the writer ({@link ClusterContext#connect(AuroraConfig, FirstContact)}).
     */
    record FirstContact(Connection connection, HostAddress address) {

        static FirstContact open(AuroraConfig config, Driver nativeDriver, String name) throws SQLException {
            SQLException last = null;
            for (HostAddress host : config.hosts()) {
                try {
                    Connection c = nativeDriver.connect(config.engine().nativeUrl(host, config.database()), config.nativeProperties());
                    if (c != null) {
                        return new FirstContact(c, host);
                    }
                } catch (SQLException e) {
                    String tls = SqlStates.tlsVerificationFailure(e);
                    if (tls != null) {
                        // The cluster's certificates come from one CA and name the hosts: no other host does better.
                        throw new java.sql.SQLNonTransientConnectionException("[" + name + "] cannot connect to " + host
                                + " over TLS: " + tls, SqlStates.UNABLE_TO_CONNECT, e);
                    }
                    if (SqlStates.classify(e) != SqlStates.Failure.CONNECTION) {
                        throw e; // wrong credentials, unknown database: the same on every host
                    }
                    last = e;
                }
            }
            throw new SQLException("[" + name + "] none of the URL's hosts " + config.hosts() + " could be reached"
                    + (last != null ? "; last error: " + last.getMessage() : ""), SqlStates.UNABLE_TO_CONNECT, last);
        }
    }
}
