package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.SqlStates;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.ConnectionOwner;
import dev.aurorajdbc.driver.topology.TopologySource;
import dev.aurorajdbc.routing.Clock;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything the driver knows about one cluster, shared by all the logical connections to it: the native driver,
 * the current {@link Topology} (an immutable snapshot, replaced whole), and the {@link ClusterMonitor} that refreshes
 * it in the background. One per cluster, owned by the driver instance's {@link ClusterRegistry}.
 */
public final class ClusterContext implements ConnectionOwner {
    private static final Logger LOG = Logger.getLogger(ClusterContext.class.getName());
    /** Runs the native driver's network-timeout change on the calling thread. */
    private static final java.util.concurrent.Executor DIRECT = Runnable::run;

    private final String name;
    private final Engine engine;
    private final Driver nativeDriver;
    private final String database;
    private final List<HostAddress> seeds;
    private final Properties monitorProperties;
    private final TopologySource source;
    private final Topology.Sequence sequence;
    private final ClusterMonitor monitor;
    private final ClusterRegistry registry;
    private final AtomicInteger openConnections = new AtomicInteger();
    /** Serialises refreshes: the monitor's and those of connecting threads that found no writer. */
    private final ReentrantLock refreshLock = new ReentrantLock();
    private volatile Topology topology;
    /** The monitor's connection, reused between refreshes; guarded by {@link #refreshLock}. */
    private Connection monitorConnection;
    private HostAddress monitorConnectedTo;

    ClusterContext(String name, AuroraConfig first, Driver nativeDriver, TopologySource source, ClusterRegistry registry) {
        this.name = name;
        this.engine = first.engine();
        this.nativeDriver = nativeDriver;
        this.database = first.database();
        this.seeds = List.copyOf(first.hosts());
        this.source = source;
        this.registry = registry;
        this.sequence = new Topology.Sequence(Clock.SYSTEM);
        this.monitorProperties = first.nativeProperties();
        ProbeTimeouts.apply(engine, monitorProperties, first.probeTimeoutMs());
        this.monitor = new ClusterMonitor(this, first.topologyRefreshMs(), first.topologyFastRefreshMs(),
                first.monitorIdleTimeoutMs());
        this.topology = sequence.next(source.name(), List.of());
    }

    /** The cluster's name in logs and thread names. */
    public String name() {
        return name;
    }

    /** The latest topology snapshot (possibly empty before the first refresh). */
    public Topology topology() {
        return topology;
    }

    /** The topology source in use ({@code aurora-postgresql}, {@code postgresql-streaming}, …). */
    public String sourceName() {
        return source.name();
    }

    /** The number of open logical connections. */
    public int openConnections() {
        return openConnections.get();
    }

    /** Whether the background monitor thread runs (it stops after the idle grace period). */
    public boolean monitorRunning() {
        return monitor.running();
    }

    // ---------------------------------------------------------------------------------------------------- connect

    /**
     * Opens a logical connection on the current writer: refreshes the topology when it names no writer, checks the
     * role of the node it reached (a stale topology or DNS entry may point at a demoted writer), and retries until the
     * connect timeout.
     *
     * @throws SQLException the native driver's own error when it is not about reaching a host (e.g. wrong
     *         credentials, SQLState 28xxx), else SQLState 08001 naming the hosts tried and the last error
     */
    public AuroraConnection connect(AuroraConfig config) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        Properties props = config.nativeProperties();
        Set<HostAddress> tried = new LinkedHashSet<>();
        SQLException last = null;
        boolean refreshFirst = false;
        while (true) {
            Topology t = topology;
            Optional<TopologyHost> writer = t.writer();
            if (writer.isEmpty() || refreshFirst) {
                t = refresh();
                writer = t.writer();
            }
            if (writer.isPresent()) {
                HostAddress address = writer.get().address();
                tried.add(address);
                Connection physical = null;
                try {
                    physical = nativeDriver.connect(engine.nativeUrl(address, config.database()), props);
                    if (physical == null) {
                        throw new SQLException("the native driver " + engine.nativeDriverClass() + " refused the URL for "
                                + address, SqlStates.UNABLE_TO_CONNECT);
                    }
                    if (isWriter(physical)) {
                        if (config.socketTimeoutForHandshakeOnly()) {
                            physical.setNetworkTimeout(DIRECT, 0);
                        }
                        AuroraConnection connection = new AuroraConnection(this, physical, address.toString());
                        opened();
                        return connection;
                    }
                    LOG.fine(() -> "[" + name + "] " + address + " is no longer the writer; refreshing the topology");
                    closeQuietly(physical);
                } catch (SQLException e) {
                    closeQuietly(physical);
                    if (SqlStates.classify(e) != SqlStates.Failure.CONNECTION) {
                        throw e; // not about reaching the host: wrong credentials, unknown database, ...
                    }
                    last = e;
                    monitor.suspect();
                }
            }
            refreshFirst = true; // the writer we tried failed or was not one: ask the cluster again
            if (System.nanoTime() >= deadline) {
                SQLException failure = new SQLException("[" + name + "] no writer reachable within " + config.connectTimeoutMs()
                        + " ms (connectTimeoutMs); hosts tried: " + (tried.isEmpty() ? "none, no writer in " + t : tried)
                        + (last != null ? "; last error: " + last.getMessage() : ""), SqlStates.UNABLE_TO_CONNECT, last);
                throw failure;
            }
            pause(Math.min(config.topologyFastRefreshMs(), TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1));
        }
    }

    private void opened() {
        if (openConnections.incrementAndGet() == 1) {
            monitor.start();
        }
    }

    private boolean isWriter(Connection physical) throws SQLException {
        String sql = engine == Engine.POSTGRESQL ? "SELECT pg_is_in_recovery()" : "SELECT @@global.read_only";
        try (Statement s = physical.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return engine == Engine.POSTGRESQL ? !rs.getBoolean(1) : rs.getLong(1) == 0;
        }
    }

    // ---------------------------------------------------------------------------------------------------- topology

    /**
     * Refreshes the topology now, asking the nodes in order of promise (the writer, the other known members, the
     * URL's hosts) as the source's coverage requires, and publishes the result. Bounded by the probe timeout per host.
     *
     * @return the new snapshot, or the previous one when no node answered
     */
    Topology refresh() {
        refreshLock.lock();
        try {
            Topology fresh = switch (source.coverage()) {
                case ANY_NODE -> askFirstAnswering();
                case WRITER -> askTheWriter();
                case SELF -> askEveryone();
            };
            if (fresh != null) {
                publish(fresh);
            } else {
                monitor.suspect();
            }
            return topology;
        } finally {
            refreshLock.unlock();
        }
    }

    private Topology askFirstAnswering() {
        for (HostAddress host : candidates()) {
            Topology t = query(host);
            if (t != null && !t.isEmpty()) {
                return t;
            }
        }
        return null;
    }

    private Topology askTheWriter() {
        Set<HostAddress> asked = new LinkedHashSet<>();
        for (HostAddress host : candidates()) {
            HostAddress next = host;
            // A replica may name its upstream: follow it (at most a few hops, never in a circle).
            for (int hop = 0; hop < 4 && next != null && asked.add(next); hop++) {
                Topology t = query(next);
                if (t == null) {
                    break;
                }
                Optional<TopologyHost> w = t.writer();
                if (w.isPresent() && w.get().address().equals(next)) {
                    return t; // the writer's own answer covers the cluster
                }
                next = w.map(TopologyHost::address).orElse(null);
            }
        }
        return null;
    }

    private Topology askEveryone() {
        List<TopologyHost> hosts = new ArrayList<>();
        for (HostAddress host : seeds) {
            Topology t = query(host);
            if (t != null) {
                hosts.addAll(t.hosts());
            }
        }
        return hosts.isEmpty() ? null : sequence.next(source.name(), hosts);
    }

    /** The hosts to ask, most promising first, without duplicates. */
    private List<HostAddress> candidates() {
        Set<HostAddress> order = new LinkedHashSet<>();
        if (monitorConnectedTo != null) {
            order.add(monitorConnectedTo);
        }
        Topology t = topology;
        t.writer().ifPresent(w -> order.add(w.address()));
        for (TopologyHost h : t.hosts()) {
            order.add(h.address());
        }
        order.addAll(seeds);
        return new ArrayList<>(order);
    }

    /** One node's view, through the cached monitor connection when it points there; null when the node fails. */
    private Topology query(HostAddress host) {
        try {
            if (monitorConnection == null || !host.equals(monitorConnectedTo)) {
                closeMonitorConnection();
                Connection c = nativeDriver.connect(engine.nativeUrl(host, database), monitorProperties);
                if (c == null) {
                    return null;
                }
                monitorConnection = c;
                monitorConnectedTo = host;
            }
            return source.query(monitorConnection, host, sequence);
        } catch (SQLException e) {
            LOG.log(Level.FINE, e, () -> "[" + name + "] topology query on " + host + " failed: " + e.getMessage());
            closeMonitorConnection();
            return null;
        }
    }

    private void publish(Topology fresh) {
        Topology previous = topology;
        topology = fresh;
        if (!fresh.sameAs(previous)) {
            LOG.info(() -> "[" + name + "] topology (" + source.name() + "): " + fresh);
            registry.membersChanged(this, fresh);
        }
        if (fresh.writer().isPresent()) {
            monitor.calm();
        } else {
            monitor.suspect();
        }
    }

    void closeMonitorConnection() {
        Connection c = monitorConnection;
        monitorConnection = null;
        monitorConnectedTo = null;
        closeQuietly(c);
    }

    /** Called by the monitor when it stops: the monitor connection goes with it. */
    void monitorStopped() {
        refreshLock.lock();
        try {
            closeMonitorConnection();
        } finally {
            refreshLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------- owner

    @Override
    public SQLException onFailure(AuroraConnection connection, SQLException e) {
        if (SqlStates.classify(e) != SqlStates.Failure.STATEMENT) {
            monitor.suspect();
        }
        return e;
    }

    @Override
    public void closed(AuroraConnection connection) {
        if (openConnections.decrementAndGet() == 0) {
            monitor.idle();
        }
    }

    /** Stops the monitor at once (driver deregistration). */
    void shutdown() {
        monitor.stop();
    }

    /** Whether any logical connection is open (the monitor's idle check). */
    boolean inUse() {
        return openConnections.get() > 0;
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // broken already
            }
        }
    }

    @Override
    public String toString() {
        return "ClusterContext[" + name + ", " + source.name() + ", " + openConnections.get() + " connections, " + topology + "]";
    }
}
