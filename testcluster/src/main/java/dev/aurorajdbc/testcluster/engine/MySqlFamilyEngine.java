package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Role;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.EngineOps;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * What the two MySQL-compatible engines ({@link MariaDbEngine}, {@link MySqlEngine}) share: the node's one generated
 * option file ({@code <runDir>/my.cnf}, passed as {@code --defaults-file}, so no other option file is read), its
 * server id, the first start that creates the admin account through an {@code --init-file} that is emptied afterwards,
 * start/stop/admin connections over MySQL Connector/J, data directory templates, deadlines and the SQL helpers.
 * Replication itself (how a replica follows, what a position is, promotion, rejoin) is each engine's own.
 */
abstract class MySqlFamilyEngine implements EngineOps {
    private static final Logger LOG = Logger.getLogger(MySqlFamilyEngine.class.getName());

    /** The node's option file, in its run directory. */
    static final String OPTION_FILE = "my.cnf";
    /** The first start's init file (admin account); emptied once the server runs. */
    private static final String INIT_FILE = "init.sql";
    /**
     * How long a semi-sync writer waits for a replica's acknowledgement before it falls back to asynchronous
     * replication (and logs it). Ten minutes: longer than any operation or test step, so within a test an
     * acknowledged commit is on a replica (as with Aurora's storage quorum or PostgreSQL's synchronous_commit,
     * which waits forever), yet finite, so a test that stops every replica of a synchronous cluster ends instead of
     * wedging CI.
     */
    static final long SEMI_SYNC_TIMEOUT_MILLIS = TimeUnit.MINUTES.toMillis(10);
    /** InnoDB's buffer pool; shared by the node's option file and the initialisation's, so a template needs no resizing. */
    static final String INNODB_BUFFER_POOL_SIZE = "32M";
    /** Unix socket paths are limited to 107 bytes. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final long POLL_MILLIS = 20;
    private static final long MAX_SERVER_ID = 0xFFFF_FFFFL;
    private static final long SERVER_ID_STRIDE = 1L << 20;
    private static final Pattern SERVER_ID_LINE = Pattern.compile("(?m)^server_id = (\\d+)$");

    private static final Driver MYSQL = mysqlDriver();
    /** One template per set of binaries (the key is the server's version line), whichever engine made it. */
    static final DataDirTemplates TEMPLATES = new DataDirTemplates();

    final AuroraMetadata metadata;
    /** The server binary's name ({@code mariadbd}, {@code mysqld}), for starts and messages. */
    final String serverTool;
    /** The cluster settings each node was last used with (admin() has no config parameter). */
    private final Map<NodeRuntime, ClusterConfig> configs = Collections.synchronizedMap(new WeakHashMap<>());

    MySqlFamilyEngine(AuroraMetadata metadata, String serverTool) {
        this.metadata = metadata;
        this.serverTool = serverTool;
    }

    // ---------------------------------------------------------------------------------------------- engine hooks

    /** The node's whole option file (package-private for tests). */
    abstract String optionFile(NodeRuntime node, Role role, ClusterConfig config, boolean semiSyncSource, long serverId);

    /**
     * Statements (ending without {@code ;}) that create the admin account {@code user@host} with every privilege, and
     * whatever else the engine's replication needs, on a fresh node.
     */
    abstract List<String> createAdminAccount(String user, String host, String password);

    /** Fills the node's empty data directory (from this JVM's template where it can); returns how, for the logs. */
    abstract String initialiseDataDir(NodeRuntime node, Deadline deadline);

    /** The server id of the first writer's data directory. */
    long firstServerId(NodeRuntime node) {
        return serverId(node.id());
    }

    /** Checks a freshly started first writer before anything is created on it (nothing by default). */
    void checkWriter(NodeRuntime node, Connection c, ClusterConfig config) throws SQLException {
        // nothing to check
    }

    /** Statements that (re)create the application account with its password. */
    abstract List<String> createApplicationUser(String account, String password);

    /** The global privileges a driver needs to see the topology, and nothing that ignores {@code read_only}. */
    abstract String topologyPrivileges();

    /** A fresh replica: data directory, first start, replication from the writer's whole binary log; returns how the data directory was made. */
    abstract String cloneFrom(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Deadline deadline);

    /** (Re)points a replica's replication at {@code writer}: stop, change the source, start. */
    abstract void replicateFrom(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException;

    /** Points a former writer, restarted as a replica, at {@code writer} (by default as {@link #replicateFrom}). */
    void repointFormerWriter(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        replicateFrom(c, writer, config);
    }

    /** Why a former writer cannot simply replicate from the new writer (it has transactions the writer lacks), or {@code null}. */
    abstract String divergence(Connection oldWriter, Connection writer) throws SQLException;

    /** The node's replication status, or {@code null} when it replicates from nobody. */
    abstract ReplicaState replicaState(Connection c) throws SQLException;

    /** The statements that set a replica's replay delay to {@code seconds} and restart what they stopped. */
    abstract List<String> delayStatements(long seconds);

    /** Switches semi-synchronous replication on or off on the writer. */
    abstract void enableSemiSyncSource(NodeRuntime writer, Connection w, boolean on) throws SQLException;

    /** The statements that give a replica the semi-sync role and make it register it (its receiver reconnects). */
    abstract List<String> enableSemiSyncReplica();

    /** The writer's status variable counting connected semi-sync replicas. */
    abstract String semiSyncClientsStatus();

    /** Connector/J properties beyond user, password, timeouts and {@code sslMode=DISABLED}. */
    void connectionProperties(Properties props) {
        // none by default
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /**
     * Initialises the first writer; the application database and user are created on it and binlogged on purpose:
     * replicas replay the writer's binary log from its start and so get them.
     */
    @Override
    public void initWriter(NodeRuntime node, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(node, config);
        String dataDir = initialiseDataDir(node, deadline);
        writeOptionFileText(node, config, optionFile(node, Role.WRITER, config, false, firstServerId(node)));
        firstStart(node, config, deadline);
        try (Connection c = admin(node, deadline.remaining())) {
            checkWriter(node, c, config);
            String db = identifier(config.database());
            execute(c, "CREATE DATABASE IF NOT EXISTS " + db + " CHARACTER SET utf8mb4");
            for (String host : accountHosts(node)) {
                String account = account(config.user(), host);
                for (String sql : createApplicationUser(account, config.password())) {
                    execute(c, sql, "create the application user " + account);
                }
                if (config.tls() != null) {
                    // Its connections (the application's, its driver's monitor's) must not fall back to plaintext.
                    execute(c, "ALTER USER " + account + " REQUIRE SSL");
                }
                execute(c, "GRANT ALL PRIVILEGES ON " + db + ".* TO " + account);
                execute(c, "GRANT " + topologyPrivileges() + " ON *.* TO " + account);
            }
        } catch (SQLException e) {
            throw failure(node, "cannot create the application database and user", e);
        }
        log(node, config, "initWriter took " + millisSince(started) + " ms (data directory: " + dataDir + ")");
    }

    @Override
    public void initReplica(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        remember(node, config);
        remember(writer, config);
        String dataDir = cloneFrom(node, writer, config, new Deadline(timeout));
        log(node, config, "initReplica from " + writer.id() + " took " + millisSince(started) + " ms (data directory: " + dataDir + ")");
    }

    @Override
    public void follow(NodeRuntime replica, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(replica, config);
        remember(writer, config);
        try (Connection c = admin(replica, deadline.remaining())) {
            replicateFrom(c, writer, config);
        } catch (SQLException e) {
            throw failure(replica, "cannot re-point it at " + writer.id(), e);
        }
        awaitCaughtUp(replica, writer, deadline, false);
        log(replica, config, "follow " + writer.id() + " took " + millisSince(started) + " ms");
    }

    /**
     * Restarts a stopped former writer as a replica of {@code writer}, keeping its data (see
     * {@link #repointFormerWriter}). When it has transactions the writer never had (an asynchronous writer's last
     * commits: {@link #divergence}), or replication fails on them (e.g. error 1236), it is re-cloned.
     */
    @Override
    public void rejoin(NodeRuntime oldWriter, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(oldWriter, config);
        remember(writer, config);
        if (oldWriter.serverAlive()) {
            LOG.warning(prefix(oldWriter, config) + "rejoin: the server still runs; stopping it first");
            stop(oldWriter, deadline.remaining());
        }
        writeOptionFile(oldWriter, Role.REPLICA, config, false);
        start(oldWriter, deadline.remaining());
        String divergence;
        try (Connection c = admin(oldWriter, deadline.remaining()); Connection w = admin(writer, deadline.remaining())) {
            divergence = divergence(c, w);
            if (divergence == null) {
                repointFormerWriter(c, writer, config);
            }
        } catch (SQLException e) {
            throw failure(oldWriter, "cannot make it a replica of " + writer.id(), e);
        }
        if (divergence == null) {
            try {
                awaitCaughtUp(oldWriter, writer, deadline, false);
                log(oldWriter, config, "rejoin as a replica of " + writer.id() + " took " + millisSince(started) + " ms");
                return;
            } catch (ReplicationBroken e) {
                divergence = e.getMessage();
            }
        }
        LOG.warning(prefix(oldWriter, config) + "diverged from the new writer " + writer.id() + " (" + divergence + "); re-cloning it");
        stop(oldWriter, deadline.remaining());
        oldWriter.clearDataDir();
        String dataDir = cloneFrom(oldWriter, writer, config, deadline);
        log(oldWriter, config, "rejoin by re-cloning from " + writer.id() + " took " + millisSince(started) + " ms (data directory: " + dataDir + ")");
    }

    /**
     * 0 on a writer and on a replica that has applied everything it received; otherwise the server's seconds behind ×
     * 1000, or, while a delayed replica waits ({@link #setLag}), the seconds the waiting transaction has already waited
     * ({@code SQL_Delay - SQL_Remaining_Delay}), which the seconds behind do not show. The servers keep (MariaDB 10.11)
     * or report whole seconds: nothing finer is to be had. {@link Long#MAX_VALUE} when the lag is unknown: the applier
     * does not run, or the server reports {@code NULL}.
     */
    @Override
    public long replicaLagMillis(Connection admin) throws SQLException {
        ReplicaState status = replicaState(admin);
        if (status == null) {
            return 0;
        }
        if (!status.sqlRunning()) {
            return Long.MAX_VALUE;
        }
        if (appliedPosition(admin) >= receivedPosition(admin)) {
            return 0;
        }
        long seconds = status.secondsBehind() == null ? -1 : status.secondsBehind();
        if (status.sqlRemainingDelay() != null) {
            seconds = Math.max(seconds, status.sqlDelay() - status.sqlRemainingDelay());
        }
        return seconds < 0 ? Long.MAX_VALUE : seconds * 1000;
    }

    /**
     * Delays replay by {@code lag} in whole seconds rounded up (both servers' delay takes whole seconds: sub-second lag
     * is impossible here; a delay of {@code n} s shows a change between {@code n - 1} and {@code n} seconds after its
     * commit on MariaDB, whose event times are whole seconds). Zero removes the delay.
     */
    @Override
    public void setLag(NodeRuntime replica, Duration lag, Duration timeout) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("a replica's lag cannot be negative: " + lag);
        }
        Deadline deadline = new Deadline(timeout);
        long seconds = (lag.toMillis() + 999) / 1000;
        if (!lag.isZero() && lag.toMillis() % 1000 != 0) {
            LOG.fine(() -> "node " + replica.id() + ": the replay delay takes whole seconds; " + lag.toMillis() + " ms becomes " + seconds + " s");
        }
        try (Connection c = admin(replica, deadline.remaining())) {
            if (replicaState(c) == null) {
                throw new TestClusterException("node " + replica.id() + " is not a replica; cannot delay its replay");
            }
            for (String sql : delayStatements(seconds)) {
                execute(c, sql);
            }
            while (true) {
                ReplicaState s = replicaState(c);
                if (s != null && s.sqlRunning() && s.sqlDelay() == seconds) {
                    return;
                }
                if (deadline.expired()) {
                    throw new TestClusterException("node " + replica.id() + ": replication did not restart with a delay of "
                            + seconds + " s within " + deadline.timeoutMillis() + " ms (" + s + ")");
                }
                pause();
            }
        } catch (SQLException e) {
            throw failure(replica, "cannot set the replay delay", e);
        }
    }

    /**
     * Semi-synchronous replication: the writer waits ({@code AFTER_SYNC}) until one replica has the commit in its
     * relay log, for at most {@link #SEMI_SYNC_TIMEOUT_MILLIS}. Neither server can restrict which replicas acknowledge:
     * every replica of a synchronous cluster has the semi-sync replica role (in its option file), so any connected
     * replica may acknowledge. {@code standbys} are switched on explicitly and their receivers restarted to register;
     * when one of them was reachable, this returns once a semi-sync replica is connected. Standbys that are down are
     * skipped (as PostgreSQL accepts synchronous_standby_names naming absent standbys): commits then wait until a
     * semi-sync replica connects.
     */
    @Override
    public void configureSync(NodeRuntime writer, List<NodeRuntime> standbys, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(writer, config);
        boolean on = !standbys.isEmpty();
        List<NodeRuntime> reached = new ArrayList<>();
        try (Connection w = admin(writer, deadline.remaining())) {
            enableSemiSyncSource(writer, w, on);
            writeOptionFile(writer, Role.WRITER, config, on);
            for (NodeRuntime standby : standbys) {
                remember(standby, config);
                if (!standby.serverAlive()) {
                    LOG.warning(prefix(standby, config) + "is down; it acknowledges semi-sync commits once it replicates again");
                    continue;
                }
                try (Connection s = admin(standby, deadline.remaining())) {
                    for (String sql : enableSemiSyncReplica()) {
                        execute(s, sql);
                    }
                    reached.add(standby);
                } catch (SQLException e) {
                    LOG.warning(prefix(standby, config) + "cannot enable its semi-sync role now (" + e.getMessage() + ")");
                }
            }
            while (!reached.isEmpty() && statusNumber(w, semiSyncClientsStatus()) < 1) {
                if (deadline.expired()) {
                    throw new TestClusterException("node " + writer.id() + ": no semi-sync replica connected within "
                            + deadline.timeoutMillis() + " ms (standbys " + ids(standbys) + "); commits wait for one");
                }
                pause();
            }
        } catch (SQLException e) {
            throw failure(writer, "cannot configure semi-synchronous replication", e);
        }
        log(writer, config, "semi-sync " + (on ? "on, standbys " + ids(standbys) + ", reached " + ids(reached) : "off")
                + " (" + millisSince(started) + " ms)");
    }

    /**
     * Waits until the replica runs both replication threads and has received and applied the writer's position as of
     * the call (a moving writer is not chased), in the unit of {@link #receivedPosition}.
     *
     * @param requireApplied when false, a delayed replica ({@link #setLag}) only needs to have received it
     * @throws ReplicationBroken when a replication thread stopped with an error
     */
    void awaitCaughtUp(NodeRuntime node, NodeRuntime writer, Deadline deadline, boolean requireApplied) {
        long target;
        try (Connection w = admin(writer, deadline.remaining())) {
            target = receivedPosition(w);
        } catch (SQLException e) {
            throw failure(writer, "cannot read the writer's position", e);
        }
        try (Connection c = admin(node, deadline.remaining())) {
            while (true) {
                ReplicaState s = replicaState(c);
                if (s == null) {
                    throw new TestClusterException("node " + node.id() + " is not replicating (no replica status)");
                }
                // "Connecting" with an error is a retry (e.g. 2003 while the writer starts); "No" with one is final (1236).
                if ("No".equalsIgnoreCase(s.ioRunningText()) && s.lastIoErrno() != 0) {
                    throw new ReplicationBroken("node " + node.id() + ": replication from " + writer.id() + " stopped, receiver error "
                            + s.lastIoErrno() + ": " + s.lastIoError());
                }
                if (!s.sqlRunning() && s.lastSqlErrno() != 0) {
                    throw new ReplicationBroken("node " + node.id() + ": replication from " + writer.id() + " stopped, applier error "
                            + s.lastSqlErrno() + ": " + s.lastSqlError());
                }
                long applied = appliedPosition(c);
                long received = Math.max(applied, receivedPosition(c));
                boolean delayed = !requireApplied && s.sqlDelay() > 0;
                if (s.ioRunning() && s.sqlRunning() && received >= target && (applied >= target || delayed)) {
                    return;
                }
                if (deadline.expired()) {
                    throw new TestClusterException("node " + node.id() + " did not catch up with " + writer.id() + " within "
                            + deadline.timeoutMillis() + " ms: target " + target + ", received " + received + ", applied "
                            + applied + " (" + s + "); server log:\n" + node.logTail(20));
                }
                pause();
            }
        } catch (SQLException e) {
            throw failure(node, "cannot read its replication status", e);
        }
    }

    @Override
    public void start(NodeRuntime node, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        if (node.readFile(optionFilePath(node)) == null) {
            throw new TestClusterException("node " + node.id() + " has no " + optionFilePath(node) + ": it was never initialised");
        }
        node.startServer(serverTool, List.of("--defaults-file=" + optionFilePath(node)));
        awaitReady(node, deadline);
        LOG.fine(() -> "node " + node.id() + ": start took " + millisSince(started) + " ms");
    }

    @Override
    public void stop(NodeRuntime node, Duration timeout) {
        if (!node.serverAlive()) {
            return;
        }
        long started = System.nanoTime();
        // SIGTERM is the server's clean shutdown; CONT lets a frozen (SIGSTOPped) server act on it.
        node.signal(NodeRuntime.Signal.TERM);
        node.signal(NodeRuntime.Signal.CONT);
        if (!node.awaitExit(timeout)) {
            LOG.warning("node " + node.id() + ": no clean shutdown within " + timeout.toMillis() + " ms; killing it");
            node.signal(NodeRuntime.Signal.KILL);
            if (!node.awaitExit(Duration.ofSeconds(10))) {
                throw new TestClusterException("node " + node.id() + ": the server survived SIGKILL for 10 s;\n" + node.logTail(30));
            }
        }
        LOG.fine(() -> "node " + node.id() + ": stop took " + millisSince(started) + " ms");
    }

    @Override
    public Connection admin(NodeRuntime node, Duration timeout) throws SQLException {
        ClusterConfig config = configOf(node);
        String millis = Long.toString(Math.max(1, timeout.toMillis()));
        Properties props = new Properties();
        props.setProperty("user", config.adminUser());
        props.setProperty("password", config.adminPassword());
        props.setProperty("sslMode", "DISABLED");
        props.setProperty("connectTimeout", millis);
        props.setProperty("socketTimeout", millis);
        connectionProperties(props);
        Connection c = MYSQL.connect(url(node.serverHost(), node.serverPort(), ""), props);
        if (c == null) {
            throw new SQLException("MySQL Connector/J refused the URL of node " + node.id());
        }
        return c;
    }

    void remember(NodeRuntime node, ClusterConfig config) {
        configs.put(node, config);
    }

    ClusterConfig configOf(NodeRuntime node) {
        ClusterConfig config = configs.get(node);
        if (config == null) {
            throw new TestClusterException("node " + node.id() + " is unknown to this engine: initWriter, initReplica or"
                    + " another call that passes the cluster's configuration must come first");
        }
        return config;
    }

    /**
     * Starts a node for the first time, creating the admin account through an init file that is emptied afterwards.
     * The account is local to the node ({@code sql_log_bin = 0}: never in the binary log, never replicated).
     */
    void firstStart(NodeRuntime node, ClusterConfig config, Deadline deadline) {
        String initFile = node.runDir() + "/" + INIT_FILE;
        StringBuilder sql = new StringBuilder("SET SESSION sql_log_bin = 0;\n");
        for (String host : accountHosts(node)) {
            for (String statement : createAdminAccount(config.adminUser(), host, config.adminPassword())) {
                sql.append(statement).append(";\n");
            }
        }
        node.writeFile(initFile, sql.toString());
        try {
            node.startServer(serverTool, List.of("--defaults-file=" + optionFilePath(node), "--init-file=" + initFile));
            awaitReady(node, deadline);
        } finally {
            node.writeFile(initFile, "-- consumed by the node's first start\n");
        }
    }

    void awaitReady(NodeRuntime node, Deadline deadline) {
        SQLException last = null;
        while (true) {
            if (!node.serverAlive()) {
                throw new TestClusterException("node " + node.id() + ": " + serverTool + " exited while starting; server log:\n" + node.logTail(30));
            }
            try (Connection c = admin(node, Duration.ofMillis(Math.min(2000, Math.max(1, deadline.remainingMillis()))))) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            if (deadline.expired()) {
                throw new TestClusterException("node " + node.id() + ": " + serverTool + " did not accept an admin connection on "
                        + node.serverHost() + ":" + node.serverPort() + " within " + deadline.timeoutMillis() + " ms (last error: "
                        + last.getMessage() + "); server log:\n" + node.logTail(30));
            }
            pause();
        }
    }

    // ---------------------------------------------------------------------------------------------- files

    static String optionFilePath(NodeRuntime node) {
        return node.runDir() + "/" + OPTION_FILE;
    }

    /** (Re)writes the node's option file, keeping the server id it has. */
    void writeOptionFile(NodeRuntime node, Role role, ClusterConfig config, boolean semiSyncSource) {
        writeOptionFileText(node, config, optionFile(node, role, config, semiSyncSource, currentServerId(node)));
    }

    /** Writes the node's option file, and its TLS files first when the cluster has TLS. */
    static void writeOptionFileText(NodeRuntime node, ClusterConfig config, String text) {
        TlsFiles.write(node, config);
        node.writeFile(optionFilePath(node), text);
    }

    /** The server id in the node's option file, or the one its id gives when it has none yet. */
    static long currentServerId(NodeRuntime node) {
        String existing = node.readFile(optionFilePath(node));
        if (existing != null) {
            Matcher m = SERVER_ID_LINE.matcher(existing);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return serverId(node.id());
    }

    /**
     * The lines every MySQL-compatible node's option file starts with, below the {@code [section]} header: paths,
     * addresses, identity ({@code report_host} = node id, {@code server_id}), sizes, relaxed durability (a SIGKILL of
     * the server keeps everything in the operating system's page cache; only a machine crash would lose commits) and
     * binary and relay logs that are never purged.
     */
    static List<String> commonOptions(NodeRuntime node, Role role, ClusterConfig config, String section, long serverId) {
        String run = node.runDir();
        String socket = run + "/mysqld.sock";
        if (socket.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new TestClusterException("node " + node.id() + ": the socket path " + socket + " is longer than "
                    + MAX_SOCKET_PATH + " bytes; use a shorter scratch directory (-Daurora.testcluster.dir)");
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Generated by the aurora-jdbc test cluster for node " + node.id() + " of " + config.clusterId()
                + " (" + role.name().toLowerCase(Locale.ROOT) + "); rewritten on promote and rejoin.");
        lines.add("[" + section + "]");
        lines.add("datadir = " + node.dataDir());
        lines.add("bind_address = " + node.listenHost());
        lines.add("port = " + node.listenPort());
        lines.add("socket = " + socket);
        lines.add("pid_file = " + run + "/mysqld.pid");
        lines.add("tmpdir = " + run);
        lines.add("server_id = " + serverId);
        lines.add("report_host = " + node.id());
        lines.add("report_port = " + node.serverPort());
        lines.add("skip_name_resolve = ON");
        lines.add("performance_schema = OFF");
        lines.add("max_connections = 1200");
        lines.add("character_set_server = utf8mb4");
        lines.add("innodb_buffer_pool_size = " + INNODB_BUFFER_POOL_SIZE);
        lines.add("# A SIGKILL keeps the OS page cache; only a machine crash could lose commits.");
        lines.add("innodb_flush_log_at_trx_commit = 2");
        lines.add("sync_binlog = 0");
        lines.add("log_bin = binlog");
        lines.add("log_bin_index = binlog.index");
        lines.add("relay_log = relay-bin");
        lines.add("relay_log_index = relay-bin.index");
        if (config.tls() != null) {
            lines.add("# TLS: the node's certificate names its public address; the application user must use TLS.");
            lines.add("ssl_ca = " + TlsFiles.path(node, TlsFiles.CA));
            lines.add("ssl_cert = " + TlsFiles.path(node, TlsFiles.CERTIFICATE));
            lines.add("ssl_key = " + TlsFiles.path(node, TlsFiles.KEY));
        }
        return lines;
    }

    /** Appends the Aurora metadata's lines, and returns the file's text. */
    String finish(List<String> lines, NodeRuntime node) {
        List<String> extra = metadata.nodeConfig(node.id());
        if (!extra.isEmpty()) {
            lines.add("# Aurora metadata emulation");
            lines.addAll(extra);
        }
        return String.join("\n", lines) + "\n";
    }

    /**
     * The server id of a node's first incarnation: its id when that is a number in 1..2^32-1 (the usual case), else
     * a CRC32 of it. See {@link #freshServerId} for later incarnations.
     */
    static long serverId(String nodeId) {
        if (nodeId.matches("[0-9]{1,10}")) {
            long id = Long.parseLong(nodeId);
            if (id >= 1 && id <= MAX_SERVER_ID) {
                return id;
            }
        }
        CRC32 crc = new CRC32();
        crc.update(nodeId.getBytes(StandardCharsets.UTF_8));
        return crc.getValue() == 0 ? 1 : crc.getValue();
    }

    /**
     * The server id of a fresh data directory that will replay a writer's binary log: the node's own
     * {@link #serverId} unless that is in {@code used} (the node was there before, e.g. a diverged former writer
     * being re-cloned, or a removed node added again): a replica skips events of its own server id, so it would miss
     * its earlier incarnation's transactions. Then {@code id + k * 2^20} for the first free k.
     */
    static long freshServerId(String nodeId, Set<Long> used) {
        long base = serverId(nodeId);
        for (long k = 0; ; k++) {
            long candidate = base + k * SERVER_ID_STRIDE;
            if (candidate > MAX_SERVER_ID) {
                candidate = candidate % MAX_SERVER_ID + 1;
            }
            if (!used.contains(candidate)) {
                return candidate;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- SQL helpers

    /** A string literal for the default sql_mode of MariaDB and MySQL (backslash escapes on). */
    static String literal(String value) {
        StringBuilder sb = new StringBuilder(value.length() + 2).append('\'');
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\'': sb.append("''"); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\0': sb.append("\\0"); break;
                case '\u001a': sb.append("\\Z"); break;
                default: sb.append(ch);
            }
        }
        return sb.append('\'').toString();
    }

    static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }

    /**
     * The host parts of the admin and application accounts: {@code localhost} (the socket) and the node's client
     * networks — loopback as {@code 127.0.0.0/255.0.0.0}; anything else (a container's own network, which these servers
     * cannot name like PostgreSQL's {@code samenet}) as {@code %}.
     */
    static List<String> accountHosts(NodeRuntime node) {
        List<String> hosts = new ArrayList<>();
        for (String network : node.clientNetworks()) {
            String host = "127.0.0.0/8".equals(network) ? "127.0.0.0/255.0.0.0" : "%";
            if (!hosts.contains(host)) {
                hosts.add(host);
            }
        }
        hosts.add("localhost");
        return hosts;
    }

    static String account(String user, String host) {
        return literal(user) + "@" + literal(host);
    }

    static String url(String host, int port, String database) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:mysql://" + h + ":" + port + "/" + database;
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Executes a statement holding a secret; a failure names {@code what} instead of the statement. */
    static void execute(Connection c, String sql, String what) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            // The server may quote the statement in its message: keep only the codes.
            throw new SQLException(what + " failed: error " + e.getErrorCode() + ", SQLState " + e.getSQLState(), e.getSQLState(), e.getErrorCode());
        }
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            String value = rs.getString(1);
            return value == null ? "" : value;
        }
    }

    /** The value of a global status variable as a number, 0 when the server does not have it. */
    static int statusNumber(Connection c, String variable) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE " + literal(variable))) {
            return rs.next() ? Integer.parseInt(rs.getString(2).trim()) : 0;
        }
    }

    /** The first row of a status statement ({@code SHOW SLAVE STATUS}, {@code SHOW REPLICA STATUS}) by column label, any case; {@code null} when empty. */
    static Map<String, String> statusRow(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return null;
            }
            Map<String, String> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                row.put(md.getColumnLabel(i), rs.getString(i));
            }
            return row;
        }
    }

    static String text(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null ? "" : v;
    }

    static Long nullableNumber(String v) {
        return v == null || v.isBlank() ? null : Long.valueOf(v.trim());
    }

    static int number(Map<String, String> row, String column) {
        String v = row.get(column);
        return v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
    }

    static TestClusterException failure(NodeRuntime node, String what, SQLException e) {
        return new TestClusterException("node " + node.id() + ": " + what + ": " + e.getMessage()
                + " (error " + e.getErrorCode() + ", SQLState " + e.getSQLState() + ")", e);
    }

    static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while waiting", e);
        }
    }

    static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    static String ids(List<NodeRuntime> nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.id()));
        return ids.toString();
    }

    static String prefix(NodeRuntime node, ClusterConfig config) {
        return "[" + config.clusterId() + "] node " + node.id() + ": ";
    }

    static void log(NodeRuntime node, ClusterConfig config, String message) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.info(prefix(node, config) + message);
        }
    }

    private static Driver mysqlDriver() {
        try {
            return new com.mysql.cj.jdbc.NonRegisteringDriver();
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            List<Path> all = new ArrayList<>();
            paths.forEach(all::add);
            Collections.reverse(all);
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.fine(() -> "could not delete " + dir + ": " + e);
        }
    }

    // ---------------------------------------------------------------------------------------------- small types

    /**
     * Pristine data directories made by the server's initialisation ({@code mariadb-install-db},
     * {@code mysqld --initialize-insecure}), one per set of binaries, kept for the JVM's lifetime in private temporary
     * directories ({@code aurora-mariadb-template-<pid>-*}, deleted at exit; those of dead JVMs are swept when a new
     * one is made). A node whose filesystem is the JVM's gets a copy (owned like its data directory); any other
     * initialises its own. The copy leaves out {@code auto.cnf} (MySQL's server UUID: every node needs its own).
     */
    static final class DataDirTemplates {
        private static final String PREFIX = "aurora-mariadb-template-";
        /** Per-server identity that a copy must not share. */
        private static final Set<String> NOT_COPIED = Set.of("auto.cnf");

        private final ReentrantLock lock = new ReentrantLock();
        /** Binaries' version line → template directory. Guarded by {@link #lock}. */
        private final Map<String, Path> templates = new HashMap<>();
        private final List<Path> created = new CopyOnWriteArrayList<>();
        private final AtomicBoolean hookInstalled = new AtomicBoolean();

        /** Fills the node's empty data directory; returns how, for the logs. */
        String initialise(NodeRuntime node, String binaries, String tool, Runnable initialise) {
            Path dataDir = sharedDataDir(node);
            if (dataDir == null) {
                long started = System.nanoTime();
                initialise.run();
                return tool + ", " + millisSince(started) + " ms (the node's filesystem is not the JVM's)";
            }
            Path template;
            lock.lock();
            try {
                template = templates.get(binaries);
                if (template == null || !Files.isDirectory(template)) {
                    long started = System.nanoTime();
                    initialise.run();
                    long installMillis = millisSince(started);
                    Path kept = keep(dataDir);
                    if (kept != null) {
                        templates.put(binaries, kept);
                    }
                    return tool + ", " + installMillis + " ms" + (kept != null ? ", kept as this JVM's template" : "");
                }
            } finally {
                lock.unlock();
            }
            long started = System.nanoTime();
            try {
                PosixFileAttributes owner = Files.readAttributes(dataDir, PosixFileAttributes.class);
                copyTree(template, dataDir, owner.owner(), owner.group());
            } catch (IOException e) {
                throw new TestClusterException("node " + node.id() + ": cannot copy the data directory template " + template
                        + " into " + dataDir + ": " + e, e);
            }
            return "copy of this JVM's template, " + millisSince(started) + " ms";
        }

        /** The node's data directory as a JVM path when the node's filesystem is the JVM's (proved with a probe file). */
        private static Path sharedDataDir(NodeRuntime node) {
            String token = UUID.randomUUID().toString();
            String probe = node.runDir() + "/filesystem-probe";
            node.writeFile(probe, token);
            try {
                Path local = Path.of(probe);
                if (Files.isRegularFile(local) && token.equals(Files.readString(local, StandardCharsets.UTF_8).trim())) {
                    Files.deleteIfExists(local);
                    Path dataDir = Path.of(node.dataDir());
                    return Files.isDirectory(dataDir) ? dataDir : null;
                }
            } catch (IOException | RuntimeException e) {
                LOG.fine(() -> "node " + node.id() + ": its filesystem is not the JVM's (" + e + ")");
            }
            return null;
        }

        private Path keep(Path dataDir) {
            try {
                sweepDeadJvms();
                Path template = Files.createTempDirectory(PREFIX + ProcessHandle.current().pid() + "-");
                created.add(template);
                if (hookInstalled.compareAndSet(false, true)) {
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> created.forEach(MySqlFamilyEngine::deleteTree),
                            "aurora-mariadb-template-cleanup"));
                }
                copyTree(dataDir, template, null, null);
                return template;
            } catch (IOException e) {
                LOG.warning("cannot keep a data directory template (every node initialises its own): " + e);
                return null;
            }
        }

        private static void sweepDeadJvms() {
            Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(tmp, PREFIX + "*")) {
                for (Path dir : dirs) {
                    String rest = dir.getFileName().toString().substring(PREFIX.length());
                    int dash = rest.indexOf('-');
                    try {
                        long pid = Long.parseLong(dash < 0 ? rest : rest.substring(0, dash));
                        if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                            continue;
                        }
                    } catch (NumberFormatException e) {
                        continue;
                    }
                    LOG.fine(() -> "deleting " + dir + ", the template of a JVM that is gone");
                    deleteTree(dir);
                }
            } catch (IOException e) {
                LOG.fine(() -> "cannot sweep old data directory templates in " + tmp + ": " + e);
            }
        }

        /** Copies a tree below {@code to} (which exists) with modes and times, owned by {@code owner} when given. */
        private static void copyTree(Path from, Path to, UserPrincipal owner, GroupPrincipal group) throws IOException {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    if (!dir.equals(from)) {
                        copy(dir);
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!file.getParent().equals(from) || !NOT_COPIED.contains(file.getFileName().toString())) {
                        copy(file);
                    }
                    return FileVisitResult.CONTINUE;
                }

                private void copy(Path source) throws IOException {
                    Path target = to.resolve(from.relativize(source).toString());
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                    if (owner != null) {
                        PosixFileAttributeView view = Files.getFileAttributeView(target, PosixFileAttributeView.class);
                        PosixFileAttributes attrs = view.readAttributes();
                        if (!attrs.owner().equals(owner)) {
                            view.setOwner(owner);
                        }
                        if (!attrs.group().equals(group)) {
                            view.setGroup(group);
                        }
                    }
                }
            });
        }
    }

    /** The part of a replica's status ({@code SHOW SLAVE STATUS}, {@code SHOW REPLICA STATUS}) the shared logic reads. */
    interface ReplicaState {
        /** The receiver's state: {@code Yes}, {@code No} or {@code Connecting}. */
        String ioRunningText();

        boolean ioRunning();

        boolean sqlRunning();

        int lastIoErrno();

        String lastIoError();

        int lastSqlErrno();

        String lastSqlError();

        /** The configured replay delay in seconds. */
        long sqlDelay();

        /** {@code Seconds_Behind_Master} / {@code Seconds_Behind_Source}, {@code null} when the server reports none. */
        Long secondsBehind();

        /** The seconds a delayed replica still waits before it applies the next transaction, or {@code null}. */
        Long sqlRemainingDelay();
    }

    /** A replication thread stopped with an error (e.g. 1236: the writer lacks the replica's position). */
    static final class ReplicationBroken extends TestClusterException {
        private static final long serialVersionUID = 1L;

        ReplicationBroken(String message) {
            super(message);
        }
    }
}
