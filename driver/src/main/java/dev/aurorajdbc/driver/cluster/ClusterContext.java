package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraListener;
import dev.aurorajdbc.driver.AuroraProperty;
import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.FailoverOutcome;
import dev.aurorajdbc.driver.RuntimeDependencies;
import dev.aurorajdbc.driver.SqlStates;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.GeneratedAuroraConnection;
import dev.aurorajdbc.driver.jdbc.SessionState;
import dev.aurorajdbc.driver.topology.TopologySource;
import dev.aurorajdbc.routing.Clock;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostHealth;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.ReaderSelector;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;

/**
 * Everything the driver knows about one cluster, shared by all the logical connections to it: the native driver,
 * the current {@link Topology} (an immutable snapshot, replaced whole), the writer the monitor last confirmed, the
 * hosts' health, and the {@link ClusterMonitor} that keeps all three current. One per cluster, owned by the driver
 * instance's {@link ClusterRegistry}.
 *
 * <p><b>Failover.</b> A logical connection whose native call failed with a connection error or a read-only error
 * ({@link #failover}) asks the monitor to check the writer at once and waits, bounded by {@code failoverTimeoutMs},
 * for a writer confirmed by a probe that started after the failure; it then opens a native connection there (checking
 * the role again), re-applies the application's session state, and tells the application {@code 08S02} (redo the
 * statement) or {@code 08007} (redo the transaction), or {@code 08001} when no writer came. The monitor probes the
 * writer every {@code hostProbeIntervalMs} with a role query bounded by {@code probeTimeoutMs}; a writer that does
 * not answer or answers as a replica is lost, and every member is probed until one answers as the writer. The native
 * connections to a lost writer are aborted, so that calls stuck on it return: at once when it refused a probe or
 * answers as a replica; when it only stopped answering, once another member answers as the writer or after
 * {@code stalledWriterGraceMs}, whichever comes first (a writer that merely stalled and answers again keeps them).
 */
public final class ClusterContext {
    /** Runs the native driver's network-timeout change on the calling thread. */
    private static final Executor DIRECT = Runnable::run;
    /** How long a host is avoided after a failed connect or probe, doubling while it stays down, up to the maximum. */
    private static final Duration HOST_FIRST_WAIT = Duration.ofMillis(500);
    private static final Duration HOST_MAX_WAIT = Duration.ofSeconds(2);
    /**
     * Background trials at once: fewer than the aborter's threads, so that an abort never waits for a trial; the
     * avoided replicas' trials leave one for the writer's.
     */
    private static final int MAX_TRIALS = 2;

    private final String name;
    /** Every record names the cluster. */
    private final ClusterLog log;
    private final Engine engine;
    private final Dialect dialect;
    private final Driver nativeDriver;
    private final List<HostAddress> seeds;
    /**
     * How the monitor's own connections (probes, trials, topology reads) log in: as the cluster's first connect did,
     * until that login is refused and the one on offer works ({@link #monitorConnect}). Not the first one's for good:
     * a rotated password refuses it, and a context outlives its cluster when a new one takes the addresses, which may
     * need other native properties.
     */
    private volatile MonitorLogin monitorLogin;
    /** The latest connect's login that differs from the monitor's, if any. */
    private volatile MonitorLogin offeredLogin;
    private final int probeTimeoutMs;
    private final long stalledWriterGraceNanos;
    private final TopologySource source;
    private final Topology.Sequence sequence;
    private final ClusterMonitor monitor;
    private final ClusterRegistry registry;
    private final HostHealth health = new HostHealth(Clock.SYSTEM, HOST_FIRST_WAIT, HOST_MAX_WAIT);
    /** What the cluster's MXBean reports besides the live view. */
    private final ClusterStatistics statistics = new ClusterStatistics();
    /** The cluster's MXBean, once registered (null when JMX refused it). */
    private volatile ClusterMXBeans mxBean;
    private final Set<ClusterSession> sessions = ConcurrentHashMap.newKeySet();
    /** Serialises the monitor's work and the refreshes of connecting threads that found no writer. */
    private final ReentrantLock refreshLock = new ReentrantLock();
    /** The monitor's connections (topology queries and probes), one per host at most; guarded by {@link #refreshLock}. */
    private final Map<HostAddress, Connection> monitorConnections = new HashMap<>();
    /** Signals waiting connections that the topology, the confirmed writer or the lost writer changed. */
    private final ReentrantLock viewLock = new ReentrantLock();
    private final Condition viewChanged = viewLock.newCondition();
    private volatile long viewVersion;
    private volatile Topology topology;
    /** This driver's read-only native connections per replica (least-connections). */
    private final Map<HostAddress, AtomicInteger> readerConnections = new ConcurrentHashMap<>();
    /** Smoothed probe latency per replica in nanoseconds, measured once a lowest-latency selector exists. */
    private final Map<HostAddress, Long> latencyNanos = new ConcurrentHashMap<>();
    private volatile boolean measureLatency;
    private final Map<AuroraProperty.ReaderStrategy, ReaderSelector> selectors = new ConcurrentHashMap<>();
    /** The hosts being asked in the background whether they are back ({@link #trialInBackground}). */
    private final Set<HostAddress> trials = ConcurrentHashMap.newKeySet();
    /** When a connection last reported a failure; the monitor stays fast until a later confirmation. */
    private volatile long suspectedAt = System.nanoTime();
    /** The writer as the monitor's last successful probe found it; null while none is known. */
    private volatile Confirmation confirmed;
    /** The monitor stopped for idleness since the last connect: the view may be stale. */
    private volatile boolean unwatched;
    /** The writer lost and not yet replaced by a confirmed one; written under {@link #refreshLock}. */
    private volatile Lost lost;
    /** The connections kept on a writer lost for not answering; guarded by {@link #refreshLock}. */
    private Kept kept;
    /**
     * The confirmed writer missed one probe; asked again on a new connection before it counts as lost. Written under
     * {@link #refreshLock}.
     */
    private volatile Lost doubt;
    /**
     * Aborts native connections, and asks failed hosts whether they are back, off the monitor thread (neither may
     * stall it). No thread exists until such a task runs, and none stays longer than 1 s after: a thread must not
     * outlive the monitor's idle stop by much.
     */
    private final ThreadPoolExecutor aborter;

    /** A writer confirmed by a role check that started at {@code atNanos}. */
    private record Confirmation(HostAddress host, long atNanos) {
    }

    /** A writer found dead or demoted (or in doubt) at {@code atNanos}. */
    private record Lost(HostAddress host, String reason, long atNanos) {
    }

    /**
     * The native connections on a writer lost for not answering, kept in case it was only stalled: aborted when another
     * member is confirmed as the writer, or at {@code dueNanos}.
     */
    private record Kept(HostAddress host, long dueNanos) {
    }

    /** What a probe found. */
    private enum Role { WRITER, READER, UNREACHABLE }

    /** The database and native properties (with the probe timeouts) of the monitor's connections, and whose they are. */
    private record MonitorLogin(AuroraConfig from, String database, Properties properties) {
    }

    /**
     * @param firstView the topology the first contact read: the first connect goes to its writer without waiting for
     *                  the monitor's first round
     */
    ClusterContext(String name, AuroraConfig first, Driver nativeDriver, TopologySource source, ClusterRegistry registry,
            Topology firstView) {
        this.name = name;
        this.log = new ClusterLog(ClusterContext.class, name);
        this.engine = first.engine();
        this.dialect = Dialect.of(engine);
        this.nativeDriver = nativeDriver;
        this.seeds = List.copyOf(first.hosts());
        this.source = source;
        this.registry = registry;
        this.sequence = new Topology.Sequence(Clock.SYSTEM);
        this.probeTimeoutMs = (int) Math.min(Integer.MAX_VALUE, first.probeTimeoutMs());
        this.stalledWriterGraceNanos = TimeUnit.MILLISECONDS.toNanos(first.stalledWriterGraceMs());
        this.monitorLogin = loginOf(first);
        this.monitor = new ClusterMonitor(this, first.topologyRefreshMs(), first.topologyFastRefreshMs(),
                first.hostProbeIntervalMs(), first.monitorIdleTimeoutMs());
        this.topology = sequence.next(source.name(), firstView.hosts());
        this.aborter = new ThreadPoolExecutor(0, 3, 1, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, "aurora-jdbc-abort-" + name);
            t.setDaemon(true);
            return t;
        }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /**
     * The cluster a logical connection of this driver belongs to.
     *
     * @return the context, or empty for a connection that no cluster opened
     */
    public static Optional<ClusterContext> of(AuroraConnection connection) {
        return connection.owner() instanceof ClusterSession s ? Optional.of(s.cluster()) : Optional.empty();
    }

    /** What the records of this cluster's connections start with: {@code "[name] "}. */
    String logPrefix() {
        return log.prefix();
    }

    /** The cluster's name in logs and thread names. */
    public String name() {
        return name;
    }

    /** The latest topology snapshot (possibly empty before the first refresh). */
    public Topology topology() {
        return topology;
    }

    /** The writer the monitor last confirmed by a role check; empty while none is known. */
    public Optional<HostAddress> confirmedWriter() {
        Confirmation c = confirmed;
        return c == null ? Optional.empty() : Optional.of(c.host());
    }

    /** The topology source in use ({@code aurora-postgresql}, {@code postgresql-streaming}, …). */
    public String sourceName() {
        return source.name();
    }

    /** The number of open logical connections. */
    public int openConnections() {
        return sessions.size();
    }

    /** The Error that ended the monitor's last round, or null when it completed (for diagnostics and tests). */
    Throwable monitorFailure() {
        return monitor.failure();
    }

    /** Whether the background monitor thread runs (it stops after the idle grace period). */
    public boolean monitorRunning() {
        return monitor.running();
    }

    // ---------------------------------------------------------------------------------------------------- connect

    /**
     * Opens a logical connection on the current writer: the confirmed one, else the topology's (refreshed when it
     * names none); checks the role of the node it reached (a stale topology or DNS entry may point at a demoted
     * writer), and retries until the connect timeout, avoiding hosts that just failed.
     *
     * @throws SQLException the native driver's own error when it is not about reaching a host (e.g. wrong
     *         credentials, SQLState 28xxx), else SQLState 08001 naming the hosts tried and the last error
     */
    public AuroraConnection connect(AuroraConfig config) throws SQLException {
        return connect(config, null);
    }

    /**
     * {@link #connect(AuroraConfig)}, given the native connection the cluster's first contact opened for this connect
     * (or null): it becomes the logical connection's when it reached the writer, else it is closed.
     */
    AuroraConnection connect(AuroraConfig config, ClusterRegistry.FirstContact contact) throws SQLException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        // Watched from the start, so that a suspicion raised while connecting (a stale writer) is acted on.
        monitor.start();
        offerLogin(config);
        ClusterSession.Placement placement = null;
        try {
            if (unwatched) { // the view is as old as the monitor's idle stop: read the topology again first
                unwatched = false;
                refresh();
            }
            if (contact != null) {
                placement = config.readerEndpoint() ? null : adoptWriter(contact, config);
                if (placement == null) {
                    closeQuietly(contact.connection());
                }
                contact = null;
            }
            if (placement == null && config.readerEndpoint()) {
                placement = openReader(config, deadline, Set.of());
            }
            if (placement == null) {
                placement = openWriter(config, deadline, Long.MIN_VALUE, "connectTimeoutMs", config.connectTimeoutMs(),
                        null);
            }
        } catch (SQLException | RuntimeException e) {
            if (contact != null) {
                closeQuietly(contact.connection());
            }
            if (!inUse()) {
                monitor.idle();
            }
            throw e;
        }
        ClusterSession session = new ClusterSession(this, config, placement);
        AuroraConnection connection = new GeneratedAuroraConnection(session, placement.physical(), placement.host().toString());
        sessions.add(session);
        monitor.start(); // again: an idle stop that was already running when this connect began has not seen the session
        if (config.readerEndpoint()) {
            try {
                connection.setReadOnly(true);
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /**
     * The first contact's native connection as a writer placement, when it reached a member of the topology by that
     * member's address and its role check says writer (as {@link #openChecked} would have found on a new one); null
     * otherwise. A contact through a name that is not a member's (a cluster endpoint) is not adopted: the connections
     * on a lost writer are found by the member's address.
     */
    private ClusterSession.Placement adoptWriter(ClusterRegistry.FirstContact contact, AuroraConfig config) {
        Connection physical = contact.connection();
        if (topology.host(contact.address()).isEmpty()) {
            return null;
        }
        try {
            if (dialect.roleOf(physical, HostRole.WRITER) != HostRole.WRITER) {
                return null;
            }
            if (config.socketTimeoutForHandshakeOnly()) {
                physical.setNetworkTimeout(DIRECT, 0);
            }
            return new ClusterSession.Placement(physical, contact.address(), HostRole.WRITER);
        } catch (SQLException e) {
            log.log(Level.FINE, e, () -> "the first contact with " + contact.address()
                    + " cannot serve as the writer connection: " + e.getMessage());
            return null;
        }
    }

    // ---------------------------------------------------------------------------------------------------- readers

    /**
     * Opens a native connection on a replica chosen by the configuration's strategy among the eligible ones (healthy,
     * within {@code maxReplicaLagMs}, not excluded), trying the others when one fails.
     *
     * @return the placement, or null when no replica is eligible and {@code readerFallback} is {@code writer}
     * @throws SQLException 08001 when {@code readerFallback} is {@code wait} and none came by the deadline; the native
     *         driver's error when it is not about reaching a host
     */
    private ClusterSession.Placement openReader(AuroraConfig config, long deadline, Set<HostAddress> exclude)
            throws SQLException {
        if (topology.isEmpty()) {
            refresh(); // the cluster's first connection: nothing known yet
        }
        Set<HostAddress> excluded = new HashSet<>(exclude);
        ReaderSelector selector = selector(config.readerStrategy());
        SQLException last = null;
        while (true) {
            long version = viewVersion;
            List<TopologyHost> candidates = ReaderSelector.eligible(topology, config.maxReplicaLagMs(),
                    h -> !health.isAvoided(h), excluded);
            if (!candidates.isEmpty()) {
                HostAddress host = selector.choose(candidates).address();
                excluded.add(host); // tried once per call
                if (!health.tryAcquire(host)) {
                    continue;
                }
                try {
                    ClusterSession.Placement p = openChecked(host, config, HostRole.READER);
                    if (p != null) {
                        readerConnections.computeIfAbsent(host, h -> new AtomicInteger()).incrementAndGet();
                        return p;
                    }
                    suspectWriter(); // the topology is behind: this replica was promoted
                } catch (HostUnreachable e) {
                    last = e.cause;
                }
                continue;
            }
            if (config.readerFallback() == AuroraProperty.ReaderFallback.WRITER) {
                return null;
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw new SQLTransientConnectionException("[" + name + "] no replica eligible within "
                        + config.connectTimeoutMs() + " ms (connectTimeoutMs, readerFallback=wait, maxReplicaLagMs="
                        + config.maxReplicaLagMs() + "); topology: " + topology
                        + (last != null ? "; last error: " + last.getMessage() : ""), SqlStates.UNABLE_TO_CONNECT, last);
            }
            excluded.retainAll(exclude); // a new round: every replica may be tried again
            awaitViewChange(version, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(monitor.fastRefreshMs())));
        }
    }

    private ReaderSelector selector(AuroraProperty.ReaderStrategy strategy) {
        ReaderSelector s = selectors.get(strategy);
        if (s == null) {
            s = selectors.computeIfAbsent(strategy, k -> switch (k) {
                case ROUND_ROBIN -> ReaderSelector.roundRobin();
                case RANDOM -> ReaderSelector.random();
                case LEAST_CONNECTIONS -> ReaderSelector.leastConnections(this::readerConnections);
                case LOWEST_LATENCY -> {
                    measureLatency = true;
                    yield ReaderSelector.lowestLatency(h -> latencyNanos.getOrDefault(h, -1L));
                }
            });
        }
        return s;
    }

    /** This driver's open read-only native connections to {@code host}. */
    public int readerConnections(HostAddress host) {
        AtomicInteger n = readerConnections.get(host);
        return n == null ? 0 : n.get();
    }

    /** The monitor's smoothed probe latency of {@code host} in nanoseconds (measured for lowest-latency), or -1. */
    public long probeLatencyNanos(HostAddress host) {
        return latencyNanos.getOrDefault(host, -1L);
    }

    /** A native connection of a session is gone (closed, replaced or aborted): count a replica's off. */
    private void released(ClusterSession.Placement p) {
        if (p != null && p.role() == HostRole.READER) {
            AtomicInteger n = readerConnections.get(p.host());
            if (n != null) {
                n.decrementAndGet();
            }
        }
    }

    private void discard(ClusterSession.Placement p) {
        if (p != null) {
            closeQuietly(p.physical());
            released(p);
        }
    }

    /**
     * Read/write splitting: moves the connection to a replica or back to the writer (see {@link ClusterSession}).
     * Every query the driver sends on the application's behalf here (the writer's position, the replica's replay, the
     * session state applied to the target) ends in a move, a read on the writer, or one of the documented outcomes:
     * a writer that fails under the position query is failed over as an application's statement would be, and the
     * move goes on from the new writer; a target that fails is given up for another (or, for a replica, the writer).
     *
     * @return whether the connection moved; false when it stays where it is (already there, or no replica can serve)
     * @throws SQLException {@code 08001} when no target came within the connect timeout or failing over did not
     *         succeed; the server's own error when it refused the application's session state on the target
     */
    boolean moveForReadOnly(ClusterSession session, AuroraConnection connection, boolean readOnly) throws SQLException {
        AuroraConfig config = session.config();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMs());
        if (!readOnly) {
            return moveToWriter(session, connection, config, deadline);
        }
        if (session.placement().role() == HostRole.READER) {
            return false;
        }
        if (!config.readYourWrites()) {
            return moveToReader(session, connection, config, deadline, null, false);
        }
        boolean wroteSince = connection.sessionState().executedSinceMark();
        if (wroteSince) {
            String position = sessionWritePosition(session, connection);
            if (position == null) {
                // The writes cannot be located: read on the writer, and try again at the next read-only period (the
                // mark stays, so that no later period reads on a replica without its writes).
                return false;
            }
            session.writesAt(position);
            connection.sessionState().clearExecutedMark();
        }
        // A replica kept from an earlier period replayed the position of its time; only new writes make it recheck.
        return moveToReader(session, connection, config, deadline, session.writesAt(), wroteSince);
    }

    /**
     * The writer's position after the session's writes, read on the session's writer connection; when the writer fails
     * under the query, it is failed over (as a statement of the application's would be) and read on the new writer.
     *
     * @return the position, or null when the server cannot tell it (the read stays on the writer)
     * @throws SQLException {@code 08001} when failing over did not succeed
     */
    private String sessionWritePosition(ClusterSession session, AuroraConnection connection) throws SQLException {
        try {
            return writePosition(session.placement().physical());
        } catch (SQLException e) {
            if (SqlStates.classify(e) == SqlStates.Failure.STATEMENT) {
                log.log(Level.FINE, e, () -> "the writer's position is unknown (" + e.getMessage()
                        + "): read-your-writes reads on the writer");
                return null;
            }
            SQLException outcome = failover(session, connection, e);
            // Outside a transaction (setReadOnly is refused inside one), a successful failover is 08S02: the
            // connection is on the new writer, which holds every acknowledged write; ask it instead.
            if (!SqlStates.FAILOVER_SUCCEEDED.equals(outcome.getSQLState())) {
                throw outcome;
            }
        }
        try {
            return writePosition(session.placement().physical());
        } catch (SQLException again) {
            // The new writer failed too: no second failover inside this call (it is bounded by one); the reads stay on
            // the writer, and the application's next statement meets the failure through the funnel.
            log.log(Level.FINE, again, () -> "the new writer's position is unknown too ("
                    + again.getMessage() + "): read-your-writes reads on the writer");
            return null;
        }
    }

    /**
     * Moves the connection to a replica that has replayed {@code position} (when not null), trying others when one
     * fails; stays on the writer when none is eligible or the chosen one lags behind the position.
     *
     * @param recheckParked whether the parked replica must be checked too: it replayed the session's position when it
     *        was chosen, so only a position newer than that one needs a second look
     */
    private boolean moveToReader(ClusterSession session, AuroraConnection connection, AuroraConfig config, long deadline,
            String position, boolean recheckParked) throws SQLException {
        Set<HostAddress> failed = new HashSet<>();
        while (true) {
            ClusterSession.Placement reader = session.parked(HostRole.READER);
            SessionState.Snapshot had = session.parkedState();
            if (reader != null && (failed.contains(reader.host()) || !usableReader(reader, config))) {
                discard(session.unpark());
                reader = null;
            }
            boolean checked = reader != null && !recheckParked;
            if (reader == null) {
                reader = openReader(config, deadline, failed);
                had = null;
                if (reader == null) {
                    return false; // no eligible replica: read on the writer
                }
            }
            Replay replay = checked ? Replay.CAUGHT_UP : replayOf(reader, position, config);
            if (replay != Replay.CAUGHT_UP) {
                giveUp(session, reader);
                if (replay == Replay.BEHIND) {
                    // Read on the writer this time, and let the next read-only period choose again: this replica is
                    // too far behind for read-your-writes.
                    return false;
                }
                failed.add(reader.host());
                continue; // another replica, or the writer when none is left
            }
            try {
                return switchTo(session, connection, reader, had, true);
            } catch (SQLException e) {
                if (SqlStates.classify(e) != SqlStates.Failure.CONNECTION) {
                    throw e; // the replica refused the application's own session state
                }
                health.failed(reader.host(), e);
                failed.add(reader.host());
            }
        }
    }

    /** Moves the connection back to the writer: the parked connection when it is still the writer's, else a new one. */
    private boolean moveToWriter(ClusterSession session, AuroraConnection connection, AuroraConfig config, long deadline)
            throws SQLException {
        if (session.placement().role() == HostRole.WRITER) {
            return false;
        }
        while (true) {
            ClusterSession.Placement writer = session.parked(HostRole.WRITER);
            SessionState.Snapshot had = session.parkedState();
            if (writer != null && !usableWriter(writer)) {
                discard(session.unpark());
                writer = null;
            }
            if (writer == null) {
                writer = openWriter(config, deadline, Long.MIN_VALUE, "connectTimeoutMs", config.connectTimeoutMs(),
                        connection);
                had = null;
            }
            try {
                return switchTo(session, connection, writer, had, false);
            } catch (SQLException e) {
                if (SqlStates.classify(e) != SqlStates.Failure.CONNECTION) {
                    throw e; // the writer refused the application's own session state
                }
                health.failed(writer.host(), e);
                suspectWriter();
                if (System.nanoTime() - deadline >= 0) {
                    throw new SQLTransientConnectionException("[" + name + "] no writer reachable within "
                            + config.connectTimeoutMs() + " ms (connectTimeoutMs): " + writer.host() + " failed ("
                            + e.getMessage() + ")", SqlStates.UNABLE_TO_CONNECT, e);
                }
            }
        }
    }

    /**
     * A replica for a read-only connection whose replica failed: one that has replayed {@code position} (the session's
     * read-your-writes position, or null when there is none), trying others when one fails.
     *
     * @return the placement, or null when none is eligible or the chosen one lags behind the position (the writer
     *         serves the reads then)
     */
    private ClusterSession.Placement openCaughtUpReader(AuroraConfig config, long deadline, Set<HostAddress> exclude,
            String position) throws SQLException {
        Set<HostAddress> failed = new HashSet<>(exclude);
        while (true) {
            ClusterSession.Placement reader = openReader(config, deadline, failed);
            if (reader == null) {
                return null;
            }
            Replay replay = replayOf(reader, position, config);
            if (replay == Replay.CAUGHT_UP) {
                return reader;
            }
            discard(reader);
            if (replay == Replay.BEHIND) {
                return null;
            }
            failed.add(reader.host());
        }
    }

    /** What a replica's read-your-writes wait found. */
    private enum Replay {
        /** It has replayed the position (or there is none to wait for). */
        CAUGHT_UP,
        /** Not within readYourWritesTimeoutMs, or the server cannot tell: the writer serves the read. */
        BEHIND,
        /** It failed under the wait (its health has recorded it): try another. */
        UNREACHABLE
    }

    private Replay replayOf(ClusterSession.Placement reader, String position, AuroraConfig config) {
        if (position == null) {
            return Replay.CAUGHT_UP;
        }
        try {
            boolean caughtUp = replayed(reader.physical(), position, config.readYourWritesTimeoutMs());
            statistics.replay(caughtUp);
            return caughtUp ? Replay.CAUGHT_UP : Replay.BEHIND;
        } catch (SQLException e) {
            if (SqlStates.classify(e) != SqlStates.Failure.CONNECTION) {
                log.log(Level.FINE, e, () -> "" + e.getMessage() + ": read-your-writes reads on the writer");
                return Replay.BEHIND;
            }
            health.failed(reader.host(), e);
            return Replay.UNREACHABLE;
        }
    }

    /** {@code p}, which the session may have parked, is not used: closed and forgotten. */
    private void giveUp(ClusterSession session, ClusterSession.Placement p) {
        if (session.parked(p.role()) == p) {
            session.unpark();
        }
        discard(p);
    }

    private boolean switchTo(ClusterSession session, AuroraConnection connection, ClusterSession.Placement target,
            SessionState.Snapshot had, boolean readOnly) throws SQLException {
        boolean wasParked = session.parked(target.role()) == target;
        SessionState.Snapshot outgoing;
        try {
            outgoing = connection.switchTo(target.physical(), target.host().toString(), had, readOnly);
        } catch (SQLException e) {
            if (wasParked) {
                session.unpark();
            }
            discard(target);
            throw e;
        }
        if (!wasParked) {
            discard(session.unpark());
        }
        session.switched(target, outgoing);
        return true;
    }

    private boolean usableReader(ClusterSession.Placement p, AuroraConfig config) {
        if (isClosed(p.physical()) || health.isAvoided(p.host())) {
            return false;
        }
        Optional<TopologyHost> h = topology.host(p.host());
        return h.isPresent() && h.get().role() == HostRole.READER
                && (config.maxReplicaLagMs() <= 0 || h.get().replicaLagMillis() <= config.maxReplicaLagMs());
    }

    private boolean usableWriter(ClusterSession.Placement p) {
        if (isClosed(p.physical())) {
            return false;
        }
        Confirmation c = confirmed;
        return c != null ? c.host().equals(p.host())
                : topology.writer().map(w -> w.address().equals(p.host())).orElse(false);
    }

    private static boolean isClosed(Connection c) {
        try {
            return c.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    // ---------------------------------------------------------------------------------------------------- read-your-writes

    /** The writer's position after this session's writes: a WAL position, or a GTID set. */
    private String writePosition(Connection writer) throws SQLException {
        return queryOutsideTransaction(writer, dialect.writePositionQuery(writer));
    }

    /**
     * Whether the replica replays {@code position} within {@code timeoutMs}. Bounded even on a replica that stopped
     * answering: the connection's network timeout is {@code timeoutMs} plus {@code probeTimeoutMs} while it waits (the
     * session's own connections have none after their handshake), so a hung replica fails the wait as a connection
     * error, and another replica or the writer serves the read.
     */
    private boolean replayed(Connection reader, String position, long timeoutMs) throws SQLException {
        int networkTimeout = reader.getNetworkTimeout();
        reader.setNetworkTimeout(DIRECT, (int) Math.min(Integer.MAX_VALUE, timeoutMs + probeTimeoutMs));
        try {
            return replayedWithin(reader, position, timeoutMs);
        } finally {
            if (!reader.isClosed()) { // a timed-out read closed it: its own error says so, not this call's
                reader.setNetworkTimeout(DIRECT, networkTimeout);
            }
        }
    }

    /** The dialect's wait for {@code position}, outside the application's transaction. */
    private boolean replayedWithin(Connection reader, String position, long timeoutMs) throws SQLException {
        boolean autoCommit = reader.getAutoCommit();
        try {
            return dialect.replayedWithin(reader, position, timeoutMs);
        } finally {
            if (!autoCommit) {
                reader.rollback(); // the application's transaction must not start with our snapshot
            }
        }
    }

    private static String queryOutsideTransaction(Connection c, String sql) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "";
        } finally {
            if (!autoCommit) {
                c.rollback();
            }
        }
    }

    /**
     * Opens a native connection on the writer, retrying until {@code deadline}.
     *
     * @param confirmedAfter only a writer confirmed by a role check that started at or after this instant counts
     *                       ({@link Long#MIN_VALUE}: any confirmation, else the topology's writer)
     * @param waiting the logical connection the writer is for (null for a new one): once the application closes it,
     *                the wait ends with {@code 08003}
     */
    private ClusterSession.Placement openWriter(AuroraConfig config, long deadline, long confirmedAfter, String budget,
            long budgetMs, AuroraConnection waiting) throws SQLException {
        Set<HostAddress> tried = new LinkedHashSet<>();
        SQLException last = null;
        while (true) {
            if (waiting != null && waiting.isClosed()) {
                // Closed by the application from another thread: stop looking for a writer it no longer wants.
                throw new SQLNonTransientConnectionException("[" + name + "] closed while waiting for a writer",
                        SqlStates.CONNECTION_DOES_NOT_EXIST);
            }
            long version = viewVersion;
            HostAddress candidate = writerCandidate(confirmedAfter);
            if (candidate == null && !monitor.running()) {
                refresh();
                candidate = writerCandidate(confirmedAfter);
            }
            if (candidate != null && health.tryAcquire(candidate)) {
                tried.add(candidate);
                try {
                    ClusterSession.Placement p = openChecked(candidate, config, HostRole.WRITER);
                    if (p != null) {
                        return p;
                    }
                } catch (HostUnreachable e) {
                    last = e.cause;
                }
                suspectWriter(); // it failed, or is not the writer: have the monitor check
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                Lost l = lost;
                throw new SQLTransientConnectionException("[" + name + "] no writer reachable within " + budgetMs + " ms ("
                        + budget + "); hosts tried: " + (tried.isEmpty() ? "none" : tried)
                        + (l != null ? "; writer " + l.host() + " lost: " + l.reason() : "; topology: " + topology)
                        + (last != null ? "; last error: " + last.getMessage() : ""), SqlStates.UNABLE_TO_CONNECT, last);
            }
            awaitViewChange(version, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(monitor.fastRefreshMs())));
        }
    }

    /**
     * Opens a native connection to {@code host} (for which the caller holds a {@link HostHealth} permit) and checks
     * its role; reports the outcome to the host's health.
     *
     * @return the placement when the host has the wanted role, null when it has the other (the connection is closed)
     * @throws HostUnreachable the host could not be reached (the native error inside)
     * @throws SQLException the native driver's error when it is not about reaching the host (wrong credentials, ...)
     */
    private ClusterSession.Placement openChecked(HostAddress host, AuroraConfig config, HostRole wanted)
            throws SQLException, HostUnreachable {
        Connection physical = null;
        try {
            physical = nativeDriver.connect(engine.nativeUrl(host, config.database()), config.nativeProperties());
            if (physical == null) {
                throw new SQLException("the native driver " + engine.nativeDriverClass() + " refused the URL for " + host,
                        SqlStates.UNABLE_TO_CONNECT);
            }
            HostRole role = dialect.roleOf(physical, wanted);
            health.succeeded(host);
            if (role != wanted) {
                log.fine(() -> "" + host + " is not a " + wanted.name().toLowerCase(Locale.ROOT) + " now");
                closeQuietly(physical);
                return null;
            }
            if (config.socketTimeoutForHandshakeOnly()) {
                physical.setNetworkTimeout(DIRECT, 0);
            }
            return new ClusterSession.Placement(physical, host, role);
        } catch (SQLException e) {
            closeQuietly(physical);
            String tls = SqlStates.tlsVerificationFailure(e);
            if (tls != null) {
                // Neither waiting nor another host helps, and the host is not down: its health stays as it was.
                health.release(host);
                throw new SQLNonTransientConnectionException("[" + name + "] cannot connect to " + host + " over TLS: " + tls,
                        SqlStates.UNABLE_TO_CONNECT, e);
            }
            if (SqlStates.classify(e) != SqlStates.Failure.CONNECTION) {
                health.release(host);
                throw e; // not about reaching the host: wrong credentials, unknown database, ...
            }
            health.failed(host, e);
            throw new HostUnreachable(e);
        }
    }

    /** A connect with {@code config} begins: its login, if it differs from the monitor's, is the one on offer. */
    private void offerLogin(AuroraConfig config) {
        if (!monitorLogin.from().sameLogin(config)) {
            MonitorLogin offered = offeredLogin;
            if (offered == null || !offered.from().sameLogin(config)) {
                offeredLogin = loginOf(config);
            }
        }
    }

    private MonitorLogin loginOf(AuroraConfig config) {
        Properties p = config.nativeProperties();
        dialect.probeTimeouts(p, probeTimeoutMs);
        return new MonitorLogin(config, config.database(), p);
    }

    /**
     * A new monitor connection to {@code host}. When the monitor's login fails at once (the host answered, or refused
     * the TCP connect) and a connect offered another login, that one is tried, and becomes the monitor's if it works:
     * after a password rotation, or with a new cluster on the context's addresses, the monitor's login is refused, and
     * while the writer is unknown no connect can succeed before the monitor finds it. The monitor's login is not
     * replaced while it works: applications that log in as several users do not make it change back and forth.
     *
     * @return the connection, or null when the native driver refused the URL
     */
    private Connection monitorConnect(HostAddress host) throws SQLException {
        MonitorLogin login = monitorLogin;
        long started = System.nanoTime();
        try {
            return nativeDriver.connect(engine.nativeUrl(host, login.database()), login.properties());
        } catch (SQLException e) {
            MonitorLogin offered = offeredLogin;
            boolean atOnce = System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(probeTimeoutMs) / 2;
            if (offered == null || offered == login || !atOnce) {
                throw e;
            }
            Connection c;
            try {
                c = nativeDriver.connect(engine.nativeUrl(host, offered.database()), offered.properties());
            } catch (SQLException other) {
                e.addSuppressed(other);
                throw e;
            }
            if (c != null && monitorLogin == login) {
                monitorLogin = offered;
                log.info(() -> "the monitor's login was refused (" + e.getMessage() + "); it logs in as a"
                        + " later connection did from now on (another database, user, password or native properties)");
            }
            return c;
        }
    }

    /** {@link #openChecked}: the host could not be reached; its health has recorded it. */
    private static final class HostUnreachable extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient SQLException cause;

        HostUnreachable(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** The writer confirmed by a probe that started at or after {@code after}, or null if none came by the deadline. */
    private HostAddress awaitConfirmation(long after, long deadline) throws SQLException {
        while (true) {
            long version = viewVersion;
            Confirmation c = confirmed;
            if (c != null && c.atNanos() - after >= 0) {
                return c.host();
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return null;
            }
            awaitViewChange(version, Math.min(remaining, TimeUnit.MILLISECONDS.toNanos(monitor.fastRefreshMs())));
        }
    }

    /** The host to try as the writer, or null to wait for the monitor. */
    private HostAddress writerCandidate(long confirmedAfter) {
        Confirmation c = confirmed;
        if (c != null && c.atNanos() - confirmedAfter >= 0) {
            return c.host();
        }
        if (confirmedAfter != Long.MIN_VALUE) {
            return null; // failing over: only a writer confirmed after the failure
        }
        return topology.writer().map(TopologyHost::address).orElse(null);
    }

    /**
     * Waits up to {@code nanos} for the view to change from {@code version}: the monitor's work. While the monitor
     * cannot work (its last round ended in an {@link Error}), fails at once instead of waiting for nothing.
     */
    private void awaitViewChange(long version, long nanos) throws SQLException {
        requireWorkingMonitor();
        viewLock.lock();
        try {
            long left = nanos;
            while (viewVersion == version && left > 0) {
                left = viewChanged.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("[" + name + "] interrupted while waiting for a writer",
                    SqlStates.UNABLE_TO_CONNECT, e);
        } finally {
            viewLock.unlock();
        }
        requireWorkingMonitor();
    }

    private void requireWorkingMonitor() throws SQLException {
        Throwable f = monitor.failure();
        if (f != null) {
            throw new SQLTransientConnectionException("[" + name + "] no writer can be found: the cluster's monitor"
                    + " cannot work, its last round failed with " + RuntimeDependencies.describe(f),
                    SqlStates.UNABLE_TO_CONNECT, f);
        }
    }

    /** The monitor's round ended in an {@link Error}: the connects waiting for it are woken, to fail at once. */
    void monitorFailed() {
        viewChanged();
    }

    private void viewChanged() {
        viewLock.lock();
        try {
            viewVersion++;
            viewChanged.signalAll();
        } finally {
            viewLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------- failover

    /**
     * The exception funnel of every logical connection: statement errors pass unchanged; a connection or read-only
     * error moves the connection to the writer (see the class comment) and becomes {@code 08S02}, {@code 08007} or
     * {@code 08001}.
     */
    SQLException failover(ClusterSession session, AuroraConnection connection, SQLException e) {
        SqlStates.Failure kind = SqlStates.classify(e);
        if (kind == SqlStates.Failure.STATEMENT || connection.isClosed()) {
            return e;
        }
        if (kind == SqlStates.Failure.READ_ONLY && connection.sessionState().isReadOnly()) {
            return e; // the application's own read-only mode
        }
        ClusterSession.Placement failed = session.placement();
        if (kind == SqlStates.Failure.CONNECTION && misusedOpenConnection(e, failed.physical())) {
            return e;
        }
        if (kind == SqlStates.Failure.READ_ONLY && failed.role() == HostRole.READER) {
            return e; // a write on a replica
        }
        long detected = System.nanoTime();
        boolean inTransaction = connection.sessionState().inTransaction();
        if (kind == SqlStates.Failure.CONNECTION) {
            abortQuietly(failed.physical()); // the quiet close of the replacement must not wait on a dead host
        }
        suspectWriter();
        AuroraConfig config = session.config();
        long deadline = detected + TimeUnit.MILLISECONDS.toNanos(config.failoverTimeoutMs());
        ClusterSession.Placement fresh;
        try {
            if (kind == SqlStates.Failure.READ_ONLY && failed.host().equals(awaitConfirmation(detected, deadline))) {
                // The host is still the writer: the read-only error came from the session (SET TRANSACTION READ ONLY,
                // default_transaction_read_only), not from a demotion. Not a failover.
                return e;
            }
            if (failed.role() == HostRole.READER) {
                // A replica failed: another replica, or the writer when none is left.
                health.failed(failed.host(), e);
                fresh = openCaughtUpReader(config, deadline, Set.of(failed.host()), session.writesAt());
                if (fresh == null) {
                    fresh = openWriter(config, deadline, Long.MIN_VALUE, "failoverTimeoutMs",
                            config.failoverTimeoutMs(), connection);
                }
            } else {
                fresh = openWriter(config, deadline, detected, "failoverTimeoutMs", config.failoverTimeoutMs(),
                        connection);
            }
            try {
                connection.replacePhysical(fresh.physical(), fresh.host().toString());
            } catch (SQLException f) {
                released(fresh); // replacePhysical closed it
                throw f;
            }
            released(failed);
        } catch (SQLException f) {
            if (connection.isClosed()) {
                return connection.closedUnderway(e);
            }
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - detected);
            failedOver(failed.host(), null, SqlStates.UNABLE_TO_CONNECT, inTransaction, waited);
            SQLException x = FailoverOutcome.noWriter("[" + name + "] the connection to " + failed.host() + " failed ("
                    + firstLine(e.getMessage()) + ") and failing over did not succeed within " + waited + " ms: "
                    + f.getMessage(), e);
            x.addSuppressed(f);
            return x;
        }
        session.placed(fresh);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - detected);
        String state = inTransaction ? SqlStates.TRANSACTION_RESOLUTION_UNKNOWN : SqlStates.FAILOVER_SUCCEEDED;
        failedOver(failed.host(), fresh.host(), state, inTransaction, waited);
        String what = inTransaction
                ? ": the transaction was lost (its outcome is unknown if the failure hit its commit), redo the transaction"
                : ": the connection is usable, redo the statement";
        String message = "[" + name + "] failed over from " + failed.host() + " to " + fresh.host() + " in " + waited
                + " ms" + what + " (the connection failed: " + firstLine(e.getMessage()) + ")";
        return inTransaction ? FailoverOutcome.transactionToRedo(message, e) : FailoverOutcome.statementToRedo(message, e);
    }

    /**
     * A native driver's message up to its first line break: Connector/J's "Communications link failure" goes on after
     * a blank line with the packet timings, which would leave the parenthesis it is quoted in open on the first line
     * that logs and narrations print. The whole message stays in the cause.
     */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return (nl < 0 ? message : message.substring(0, nl)).strip();
    }

    /**
     * Connector/J reports some misuse of an open connection with {@code 08003} ("connection does not exist"), for
     * instance {@code rollback()} in auto-commit mode; only a native connection that is really closed is a failure.
     */
    private static boolean misusedOpenConnection(SQLException e, Connection physical) {
        if (!SqlStates.CONNECTION_DOES_NOT_EXIST.equals(e.getSQLState())) {
            return false;
        }
        try {
            return !physical.isClosed();
        } catch (SQLException ignored) {
            return false;
        }
    }

    private void failedOver(HostAddress from, HostAddress to, String state, boolean inTransaction, long waitedMs) {
        statistics.failover(to != null, inTransaction, waitedMs);
        log.fine(() -> "connection on " + from + (to != null ? " failed over to " + to : " could not fail over")
                + " in " + waitedMs + " ms (" + state + (inTransaction ? ", transaction lost)" : ")"));
        if (registry.hasListeners()) {
            AuroraListener.ConnectionFailover event =
                    new AuroraListener.ConnectionFailover(name, from, to, state, inTransaction, waitedMs);
            registry.fire(name, l -> l.connectionFailedOver(event));
        }
    }

    /** A connection saw a failure (or a non-writer where it expected the writer): have the monitor check now. */
    private void suspectWriter() {
        suspectedAt = System.nanoTime();
        monitor.suspect();
        monitor.wake();
    }

    /** Whether {@code c} confirms the writer after the last suspicion (so the monitor may calm down). */
    private boolean confirmsAfterSuspicion(Confirmation c) {
        return c != null && c.atNanos() - suspectedAt >= 0;
    }

    /** Aborts a native connection without waiting for it (closes its socket, so that a blocked call returns). */
    private void abortQuietly(Connection physical) {
        try {
            if (!physical.isClosed()) {
                physical.abort(aborter);
            }
        } catch (SQLException | RuntimeException e) {
            log.log(Level.FINE, e, () -> "aborting a native connection failed");
        }
    }

    /** Aborts the native connections placed on {@code host}; returns how many. */
    private int abortSessionsOn(HostAddress host) {
        int n = 0;
        for (ClusterSession s : sessions) {
            n += abortIfOn(s.placement(), host);
            n += abortIfOn(s.parked(HostRole.WRITER), host);
        }
        return n;
    }

    /** Aborts a writer placement on {@code host} (a replica placement there is left alone); 1 if it did. */
    private int abortIfOn(ClusterSession.Placement p, HostAddress host) {
        if (p == null || p.role() != HostRole.WRITER || !p.host().equals(host) || isClosed(p.physical())) {
            return 0;
        }
        abortQuietly(p.physical());
        return 1;
    }

    // ---------------------------------------------------------------------------------------------------- monitor

    /**
     * One round of the monitor: a topology refresh and/or a writer probe, as due. Each step may take probe timeouts:
     * once the idle stop is due the round ends after the step in progress.
     */
    void monitorRound(boolean refreshDue, boolean probeDue) {
        refreshLock.lock();
        try {
            if (refreshDue) {
                refreshLocked();
            }
            if (probeDue && !monitor.idleStopDue()) {
                probeLocked();
                trialAvoidedMembers();
                if (measureLatency && !monitor.idleStopDue()) {
                    measureReadersLocked();
                }
            }
            Kept k = kept;
            if (k != null && System.nanoTime() - k.dueNanos() >= 0) {
                kept = null;
                abortKept(k, "it has not answered for " + TimeUnit.NANOSECONDS.toMillis(stalledWriterGraceNanos)
                        + " ms (stalledWriterGraceMs)");
            }
            if (lost != null && confirmed == null) {
                monitor.soon(); // no writer yet: look again well before the next tick
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /**
     * Checks the writer (the confirmed one, else the topology's) with a role query; when it is lost or in doubt, asks
     * every other member for its role until one answers as the writer.
     */
    private void probeLocked() {
        Confirmation c = confirmed;
        HostAddress target = presumedWriter(c);
        // While a lost writer is still the topology's writer (the metadata lags), or the writer is in doubt, it is asked
        // in the background and the others first: a probe of a hung host costs a whole probe timeout, and a new writer
        // is among the others.
        boolean deferTarget = target != null && (c == null && isAbout(lost, target) || isAbout(doubt, target));
        if (target != null && !deferTarget && probeWriter(target)) {
            return;
        }
        for (HostAddress h : candidates()) {
            if (h.equals(target) || !health.tryAcquire(h)) {
                continue;
            }
            long started = System.nanoTime();
            SQLException[] error = new SQLException[1];
            Role role = probeRole(h, error);
            if (role == Role.UNREACHABLE) {
                health.failed(h, error[0]);
                continue;
            }
            health.succeeded(h);
            if (role == Role.WRITER) {
                confirm(h, started);
                return;
            }
        }
        if (deferTarget || isAbout(doubt, target)) {
            trialInBackground(target, MAX_TRIALS);
        }
    }

    private static boolean isAbout(Lost l, HostAddress host) {
        return l != null && l.host().equals(host);
    }

    /**
     * Asks the members avoided since a failure whether they are back. Only a trial lets a host's breaker close, and
     * nothing else would ask a replica: the application's connects skip avoided replicas, and the topology is read from
     * the writer. Without this a replica that restarted once stayed out of the rotation for good.
     */
    private void trialAvoidedMembers() {
        for (TopologyHost h : topology.hosts()) {
            if (health.isAvoided(h.address())) {
                trialInBackground(h.address(), MAX_TRIALS - 1); // one left for the writer's
            }
        }
    }

    /**
     * Asks a host that failed (the lost writer, an avoided replica) whether it is back, off the monitor thread: if it
     * hangs, the probe takes a whole timeout, during which the monitor must go on (looking for the new writer among the
     * others). At most one trial per host and {@code maxInFlight} in all; a host whose breaker still waits is skipped.
     * A host that answers as the writer while none is confirmed is confirmed; the outcome for a writer in doubt
     * confirms or loses it.
     */
    private void trialInBackground(HostAddress host, int maxInFlight) {
        // They serve the open connections; with none open the next connect checks the roles itself, and no trial
        // thread outlives the idle stop by more than its own probe.
        if (!inUse() || trials.size() >= maxInFlight || !trials.add(host)) {
            return;
        }
        if (!health.tryAcquire(host)) {
            trials.remove(host);
            return;
        }
        aborter.execute(() -> {
            try {
                trial(host);
            } finally {
                trials.remove(host);
            }
        });
    }

    /** {@link #trialInBackground}'s work, for which the caller holds {@code host}'s permit. */
    private void trial(HostAddress host) {
        long started = System.nanoTime();
        boolean writer;
        try (Connection c = monitorConnect(host)) {
            if (c == null) {
                health.release(host);
                return;
            }
            c.setNetworkTimeout(DIRECT, probeTimeoutMs);
            writer = dialect.isWriter(c);
        } catch (SQLException e) {
            health.failed(host, e);
            refreshLock.lock();
            try {
                Lost d = doubt;
                if (isAbout(d, host)) {
                    writerLost(host, d.reason() + "; on a new connection too: " + e.getMessage(), timedOut(started));
                }
            } finally {
                refreshLock.unlock();
            }
            return;
        } catch (RuntimeException e) { // a native driver's bug: says nothing about the host
            health.release(host);
            log.log(Level.FINE, e, () -> "probing " + host + " failed");
            return;
        }
        health.succeeded(host);
        refreshLock.lock();
        try {
            Confirmation c = confirmed;
            boolean doubted = isAbout(doubt, host);
            if (writer && (c == null || doubted && c.host().equals(host))) {
                confirm(host, started);
            } else if (!writer && doubted) {
                writerLost(host, "it answers as a replica now", false);
            }
        } finally {
            refreshLock.unlock();
        }
    }

    /** Probes the presumed writer; true when it answered as the writer (and is confirmed). */
    private boolean probeWriter(HostAddress target) {
        if (!health.tryAcquire(target)) {
            doubtWriter(target, "its last connect or probe failed");
            return false;
        }
        long started = System.nanoTime();
        SQLException[] error = new SQLException[1];
        Role role = probeRole(target, error);
        if (role == Role.WRITER) {
            health.succeeded(target);
            confirm(target, started);
            return true;
        }
        if (role == Role.READER) {
            health.succeeded(target);
            writerLost(target, "it answers as a replica now", false);
        } else if (timedOut(started)) {
            // Slow is not dead: a loaded writer may miss one probe. Asked again at once on a new connection (a trial),
            // it is lost only if that fails too; meanwhile the others are asked, so a promoted writer is found as fast.
            health.release(target);
            doubtWriter(target, "it did not answer a probe within " + probeTimeoutMs + " ms (probeTimeoutMs): "
                    + error[0].getMessage());
        } else {
            health.failed(target, error[0]);
            writerLost(target, "a probe failed: " + error[0].getMessage(), false);
        }
        return false;
    }

    /** The writer missed a probe: it is asked again on a new connection before it counts as lost. */
    private void doubtWriter(HostAddress host, String reason) {
        if (!isAbout(doubt, host)) {
            doubt = new Lost(host, reason, System.nanoTime());
            log.info(() -> "writer " + host + " in doubt: " + reason + "; asking it again on a new connection");
        }
        // Fast until a confirmation after the doubt: the writer's earlier one must not calm the search for a new one.
        suspectedAt = System.nanoTime();
        monitor.suspect();
        trialInBackground(host, MAX_TRIALS); // at once, while the monitor asks the others
    }

    /** Times a role query on every reader (lowest-latency strategy): an exponentially smoothed average per host. */
    private void measureReadersLocked() {
        for (TopologyHost h : topology.readers()) {
            HostAddress host = h.address();
            if (!health.tryAcquire(host)) {
                continue;
            }
            long started = System.nanoTime();
            SQLException[] error = new SQLException[1];
            Role role = probeRole(host, error);
            long took = System.nanoTime() - started;
            if (role == Role.UNREACHABLE) {
                health.failed(host, error[0]);
                latencyNanos.remove(host);
                continue;
            }
            health.succeeded(host);
            latencyNanos.merge(host, took, (old, now) -> (old * 7 + now * 3) / 10);
        }
    }

    /** One host's role through the monitor's connection to it; a fast failure of a cached connection gets one retry. */
    private Role probeRole(HostAddress host, SQLException[] error) {
        boolean cached = monitorConnections.containsKey(host);
        long started = System.nanoTime();
        try {
            return dialect.isWriter(monitorConnection(host)) ? Role.WRITER : Role.READER;
        } catch (SQLException e) {
            dropMonitorConnection(host);
            error[0] = e;
            boolean fast = System.nanoTime() - started < TimeUnit.MILLISECONDS.toNanos(probeTimeoutMs) / 2;
            if (!cached || !fast) {
                return Role.UNREACHABLE;
            }
        }
        try { // the cached connection failed at once (a terminated backend, a restart): is the host itself down?
            return dialect.isWriter(monitorConnection(host)) ? Role.WRITER : Role.READER;
        } catch (SQLException e) {
            dropMonitorConnection(host);
            error[0] = e;
            return Role.UNREACHABLE;
        }
    }

    private void confirm(HostAddress host, long atNanos) {
        Confirmation previous = confirmed;
        confirmed = new Confirmation(host, atNanos);
        Lost d = doubt;
        if (d != null) {
            doubt = null;
            if (d.host().equals(host)) {
                log.info(() -> "writer " + host + " answered again, "
                        + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - d.atNanos()) + " ms after it was in doubt");
            }
        }
        Kept k = kept;
        if (k != null) {
            kept = null;
            if (k.host().equals(host)) {
                log.info(() -> "writer " + host + " answers again: the connections kept on it work on");
            } else {
                abortKept(k, host + " answers as the writer");
            }
        }
        Lost l = lost;
        if (l != null) {
            lost = null;
            long unavailable = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - l.atNanos());
            log.info(() -> "writer " + host + (host.equals(l.host()) ? " is back" : " confirmed") + ", "
                    + unavailable + " ms after " + l.host() + " was lost (" + l.reason() + ")");
            writerChanged(l.host(), host, "answered a probe as the writer", unavailable);
            retainMonitorConnection(host);
        } else if (previous != null && !previous.host().equals(host)) {
            int aborted = abortSessionsOn(previous.host());
            log.info(() -> "the writer moved from " + previous.host() + " to " + host + "; aborted "
                    + aborted + " connections to " + previous.host());
            writerChanged(previous.host(), host, "answered a probe as the writer", 0);
            retainMonitorConnection(host);
        }
        if (topology.writer().map(w -> w.address().equals(host)).orElse(false) && confirmsAfterSuspicion(confirmed)) {
            monitor.calm();
        }
        viewChanged();
    }

    /**
     * @param unresponsive it did not answer in time (it may be only stalled): its connections are kept for
     *                     {@code stalledWriterGraceMs}, unless another member is confirmed as the writer first
     */
    private void writerLost(HostAddress host, String reason, boolean unresponsive) {
        doubt = null;
        Confirmation c = confirmed;
        if (c != null && c.host().equals(host)) {
            confirmed = null;
        }
        if (lost == null) {
            lost = new Lost(host, reason, System.nanoTime());
            log.warning(() -> "writer " + host + " lost: " + reason + "; looking for the new writer");
            writerChanged(host, null, reason, 0);
        }
        monitor.suspect();
        Kept k = kept;
        if (unresponsive && stalledWriterGraceNanos > 0) {
            if (k == null || !k.host().equals(host)) {
                kept = new Kept(host, System.nanoTime() + stalledWriterGraceNanos);
                log.info(() -> "keeping the connections to " + host + " for up to "
                        + TimeUnit.NANOSECONDS.toMillis(stalledWriterGraceNanos)
                        + " ms (stalledWriterGraceMs) in case it answers again");
            }
        } else {
            if (k != null && k.host().equals(host)) {
                kept = null;
            }
            int aborted = abortSessionsOn(host);
            if (aborted > 0) {
                log.info(() -> "aborted " + aborted + " connections to " + host + " (" + reason + ")");
            }
        }
        viewChanged();
    }

    /** Aborts the connections kept on a writer lost for not answering. */
    private void abortKept(Kept k, String why) {
        int aborted = abortSessionsOn(k.host());
        if (aborted > 0) {
            log.info(() -> "aborted " + aborted + " connections to " + k.host() + ", kept since it"
                    + " stopped answering: " + why);
        }
    }

    /** Whether an operation that started at {@code started} ran into the probe timeout (rather than failing fast). */
    private boolean timedOut(long started) {
        return System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(probeTimeoutMs);
    }

    private void writerChanged(HostAddress from, HostAddress to, String reason, long unavailableMs) {
        statistics.writerChange(to != null, unavailableMs);
        if (registry.hasListeners()) {
            AuroraListener.WriterChange event = new AuroraListener.WriterChange(name, from, to, reason, unavailableMs);
            registry.fire(name, l -> l.writerChanged(event));
        }
    }

    // ---------------------------------------------------------------------------------------------------- topology

    /**
     * Refreshes the topology now, asking the nodes in order of promise (the writer, the other known members, the
     * URL's hosts) as the source's coverage requires, and publishes the result. Bounded by the probe timeout per host;
     * hosts that just failed are skipped.
     *
     * @return the new snapshot, or the previous one when no node answered
     */
    Topology refresh() {
        refreshLock.lock();
        try {
            refreshLocked();
            return topology;
        } finally {
            refreshLock.unlock();
        }
    }

    private void refreshLocked() {
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
                if (isAbout(lost, next) || isAbout(doubt, next)) {
                    break; // a replica still names the lost writer: it is asked last, as a candidate of its own
                }
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

    /**
     * The hosts to ask, most promising first (the confirmed writer, the topology's, the members, the URL's hosts); a
     * lost writer or one in doubt last.
     */
    private List<HostAddress> candidates() {
        Set<HostAddress> order = new LinkedHashSet<>();
        Confirmation c = confirmed;
        if (c != null) {
            order.add(c.host());
        }
        Topology t = topology;
        t.writer().ifPresent(w -> order.add(w.address()));
        for (TopologyHost h : t.hosts()) {
            order.add(h.address());
        }
        order.addAll(seeds);
        // Asked last: it may hang every query for a probe timeout.
        moveLast(order, lost);
        moveLast(order, doubt);
        return new ArrayList<>(order);
    }

    private static void moveLast(Set<HostAddress> order, Lost l) {
        if (l != null && order.remove(l.host())) {
            order.add(l.host());
        }
    }

    /** The writer the monitor probes: the confirmed one ({@code c}), else the topology's; null when neither is known. */
    private HostAddress presumedWriter(Confirmation c) {
        return c != null ? c.host() : topology.writer().map(TopologyHost::address).orElse(null);
    }

    /** One node's view through the monitor's connection to it; null when the node fails or is being avoided. */
    private Topology query(HostAddress host) {
        if (!health.tryAcquire(host)) {
            return null;
        }
        boolean cached = monitorConnections.containsKey(host);
        long started = System.nanoTime();
        try {
            Topology t = source.query(monitorConnection(host), host, sequence);
            health.succeeded(host);
            return t;
        } catch (SQLException e) {
            log.log(Level.FINE, e, () -> "topology query on " + host + " failed: " + e.getMessage());
            dropMonitorConnection(host);
            if (timedOut(started) && host.equals(presumedWriter(confirmed))) {
                // As a missed probe: the writer is asked again on a new connection in the background, not probed
                // again on this thread first (that would cost one more probe timeout before a hung writer is lost).
                health.release(host);
                doubtWriter(host, "it did not answer a topology query within " + probeTimeoutMs + " ms (probeTimeoutMs): "
                        + e.getMessage());
            } else if (!cached && SqlStates.classify(e) == SqlStates.Failure.CONNECTION) {
                health.failed(host, e);
            } else {
                // A kept connection failing says little (its backend may have been terminated alone); the probe,
                // which retries on a fresh connection, decides about the host.
                health.release(host);
                suspectWriter();
            }
            return null;
        }
    }

    /** The monitor's connection to {@code host}, opened with the probe timeouts when there is none. */
    private Connection monitorConnection(HostAddress host) throws SQLException {
        Connection c = monitorConnections.get(host);
        if (c == null) {
            c = monitorConnect(host);
            if (c == null) {
                throw new SQLException("the native driver " + engine.nativeDriverClass() + " refused the URL for " + host,
                        SqlStates.UNABLE_TO_CONNECT);
            }
            try {
                c.setNetworkTimeout(DIRECT, probeTimeoutMs); // milliseconds, where pgjdbc's socketTimeout has seconds
            } catch (SQLException e) {
                closeQuietly(c);
                throw e;
            }
            monitorConnections.put(host, c);
        }
        return c;
    }

    private void dropMonitorConnection(HostAddress host) {
        Connection c = monitorConnections.remove(host);
        if (c != null) {
            abortQuietly(c);
        }
    }

    /** After a failover: keep only the connection to the writer. */
    private void retainMonitorConnection(HostAddress writer) {
        for (HostAddress h : new ArrayList<>(monitorConnections.keySet())) {
            if (!h.equals(writer)) {
                closeQuietly(monitorConnections.remove(h));
            }
        }
    }

    private void publish(Topology fresh) {
        Topology previous = topology;
        topology = fresh;
        if (!fresh.sameAs(previous)) {
            log.info(() -> "topology (" + source.name() + "): " + fresh);
            registry.membersChanged(this, fresh);
            List<HostAddress> known = new ArrayList<>(seeds);
            fresh.hosts().forEach(h -> known.add(h.address()));
            health.retainOnly(known);
            if (registry.hasListeners()) {
                AuroraListener.TopologyChange event = new AuroraListener.TopologyChange(name, previous, fresh);
                registry.fire(name, l -> l.topologyChanged(event));
            }
        }
        Confirmation c = confirmed;
        Optional<TopologyHost> writer = fresh.writer();
        if (c != null && writer.isPresent() && writer.get().address().equals(c.host()) && confirmsAfterSuspicion(c)) {
            monitor.calm();
        } else {
            monitor.suspect(); // no writer, or one the probes have not confirmed yet
        }
        viewChanged();
    }

    /** Called by the monitor when it stops: its connections go with it. */
    void monitorStopped() {
        // Nobody watches the cluster any more: the writer confirmed until now may be demoted meanwhile, so the next
        // connection must not trust it (it reads the topology again, and the restarted monitor confirms a writer).
        // Nor does a writer lost before the stop say anything about the cluster the next connection finds (it may
        // be back, or a new cluster may hold the addresses): it would only put the writer last in every search.
        confirmed = null;
        unwatched = true;
        refreshLock.lock();
        try {
            lost = null;
            doubt = null;
            kept = null;
            for (Connection c : monitorConnections.values()) {
                closeQuietly(c);
            }
            monitorConnections.clear();
        } finally {
            refreshLock.unlock();
        }
    }

    // ---------------------------------------------------------------------------------------------------- life cycle

    /** A logical connection was closed. */
    void closed(ClusterSession session) {
        sessions.remove(session);
        released(session.placement());
        discard(session.unpark());
        if (sessions.isEmpty()) {
            monitor.idle();
        }
    }

    /** Stops the monitor at once (driver deregistration). */
    void shutdown() {
        monitor.stop();
        aborter.shutdown();
        ClusterMXBeans bean = mxBean;
        if (bean != null) {
            mxBean = null;
            bean.unregister();
        }
    }

    /** Registers the cluster's MXBean (a new context, once). */
    void registerMXBean() {
        mxBean = ClusterMXBeans.register(this);
    }

    ClusterStatistics statistics() {
        return statistics;
    }

    /** The seeds and members the driver avoids for now (a failed connect or probe), in that order. */
    List<HostAddress> avoidedHosts() {
        Set<HostAddress> hosts = new LinkedHashSet<>(seeds);
        topology.hosts().forEach(h -> hosts.add(h.address()));
        List<HostAddress> avoided = new ArrayList<>();
        for (HostAddress h : hosts) {
            if (health.isAvoided(h)) {
                avoided.add(h);
            }
        }
        return avoided;
    }

    /** Whether any logical connection is open (the monitor's idle check). */
    boolean inUse() {
        return !sessions.isEmpty();
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
        Confirmation c = confirmed;
        Lost l = lost;
        Lost d = doubt;
        return "ClusterContext[" + name + ", " + source.name() + ", " + sessions.size() + " connections, "
                + (c != null ? "writer " + c.host() + " confirmed" : l != null ? "writer " + l.host() + " lost: " + l.reason()
                : "no writer confirmed") + (d != null ? " (in doubt: " + d.reason() + ")" : "") + ", " + topology
                + ", health " + health + "]";
    }
}
