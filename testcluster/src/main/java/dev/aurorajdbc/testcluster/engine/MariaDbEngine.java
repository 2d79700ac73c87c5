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
import java.util.HashSet;
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
 * The MySQL-compatible engine: MariaDB servers with GTID replication (the reasons for MariaDB rather than MySQL
 * are in testcluster/README.md: semi-synchronous replication is built in). Clients use MySQL Connector/J.
 *
 * <h2>Nodes</h2>
 * Each node has one generated option file, {@code <runDir>/my.cnf}, passed as {@code --defaults-file} (no other
 * option file is read, {@code /etc/mysql} included). It carries the node's identity ({@code report_host} = node id,
 * {@code server_id} from the node id, see {@link #freshServerId} for re-cloned nodes), binary logging with GTIDs in strict mode ({@code log_slave_updates},
 * row format, domain 0), {@code read_only} for its role, semi-sync settings when the cluster is synchronous, and
 * the Aurora metadata's lines. The file is rewritten on promote and rejoin, so a restarted node keeps its role.
 * Durability is relaxed ({@code innodb_flush_log_at_trx_commit=2}, {@code sync_binlog=0}): a SIGKILL of the
 * server keeps everything in the operating system's page cache; only a machine crash would lose commits.
 *
 * <h2>Data directories</h2>
 * {@code mariadb-install-db} runs once per JVM and set of binaries; its pristine output is kept as a template in a
 * private temporary directory, and later nodes get a copy. That works when the node's filesystem is the JVM's (the
 * local-process backend), which is checked with a probe file written through the {@link NodeRuntime}; otherwise
 * every node runs {@code mariadb-install-db} itself. The admin account is created at each node's first start
 * through {@code --init-file} with {@code sql_log_bin=0} (local to the node, never replicated, no anonymous
 * window); the application database and user are created on the first writer and binlogged, so every replica,
 * which replays the writer's whole binary log from the start, gets them.
 *
 * <h2>Replication</h2>
 * Replicas replicate from the writer's server address as the admin user with {@code MASTER_USE_GTID=slave_pos};
 * binary logs are never purged. Positions are the sequence numbers of GTID domain 0, which only grow, across
 * failovers too. {@link #setLag} uses {@code MASTER_DELAY}, whole seconds (see there).
 */
final class MariaDbEngine implements EngineOps {
    private static final Logger LOG = Logger.getLogger(MariaDbEngine.class.getName());

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

    /** InnoDB sizes; shared by the node's option file and install-db's, so the template needs no resizing. */
    private static final String INNODB_BUFFER_POOL_SIZE = "32M";
    private static final String INNODB_LOG_FILE_SIZE = "16M";
    /** Unix socket paths are limited to 107 bytes. */
    private static final int MAX_SOCKET_PATH = 100;
    private static final long POLL_MILLIS = 20;
    private static final long MAX_SERVER_ID = 0xFFFF_FFFFL;
    private static final long SERVER_ID_STRIDE = 1L << 20;
    private static final Pattern SERVER_ID_LINE = Pattern.compile("(?m)^server_id = (\\d+)$");
    /** A MariaDB replica states this (10.11 and 11.4) when it has applied everything in its relay log. */
    private static final String RELAY_LOG_DONE = "read all relay log";

    private static final Driver MYSQL = mysqlDriver();
    private static final DataDirTemplates TEMPLATES = new DataDirTemplates();

    private final AuroraMetadata metadata;
    /** The cluster settings each node was last used with (admin() has no config parameter). */
    private final Map<NodeRuntime, ClusterConfig> configs = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param metadata the Aurora metadata emulation whose {@link AuroraMetadata#nodeConfig} lines go into every
     *                 node's option file
     */
    MariaDbEngine(AuroraMetadata metadata) {
        this.metadata = metadata;
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    @Override
    public void initWriter(NodeRuntime node, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(node, config);
        String dataDir = initialiseDataDir(node, deadline);
        writeOptionFile(node, Role.WRITER, config, false);
        firstStart(node, config, deadline);
        try (Connection c = admin(node, deadline.remaining())) {
            // Binlogged on purpose: replicas replay the writer's binary log from its start and so get these.
            String db = identifier(config.database());
            execute(c, "CREATE DATABASE IF NOT EXISTS " + db + " CHARACTER SET utf8mb4");
            for (String host : accountHosts(node)) {
                String account = account(config.user(), host);
                execute(c, "CREATE OR REPLACE USER " + account + " IDENTIFIED BY " + literal(config.password()),
                        "create the application user " + account);
                execute(c, "GRANT ALL PRIVILEGES ON " + db + ".* TO " + account);
                // The global privileges a driver needs to see the topology (SHOW SLAVE HOSTS needs REPLICATION
                // MASTER ADMIN since 10.5); nothing that ignores read_only (READ_ONLY ADMIN, SUPER).
                execute(c, "GRANT BINLOG MONITOR, SLAVE MONITOR, REPLICATION MASTER ADMIN, PROCESS ON *.* TO " + account);
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
    public void start(NodeRuntime node, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        if (node.readFile(optionFilePath(node)) == null) {
            throw new TestClusterException("node " + node.id() + " has no " + optionFilePath(node) + ": it was never initialised");
        }
        node.startServer("mariadbd", List.of("--defaults-file=" + optionFilePath(node)));
        awaitReady(node, deadline);
        LOG.fine(() -> "node " + node.id() + ": start took " + millisSince(started) + " ms");
    }

    @Override
    public void stop(NodeRuntime node, Duration timeout) {
        if (!node.serverAlive()) {
            return;
        }
        long started = System.nanoTime();
        // SIGTERM is MariaDB's clean shutdown; CONT lets a frozen (SIGSTOPped) server act on it.
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
        Connection c = MYSQL.connect(url(node.serverHost(), node.serverPort(), ""), props);
        if (c == null) {
            throw new SQLException("MySQL Connector/J refused the URL of node " + node.id());
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------- status

    @Override
    public boolean isWritable(Connection admin) throws SQLException {
        String readOnly = queryString(admin, "SELECT @@global.read_only");
        return "0".equals(readOnly) || "OFF".equalsIgnoreCase(readOnly);
    }

    /** Writer: {@code @@gtid_binlog_pos}; replica: the larger of {@code Gtid_IO_Pos} and {@code @@gtid_slave_pos}. */
    @Override
    public long receivedPosition(Connection admin) throws SQLException {
        SlaveStatus status = SlaveStatus.read(admin);
        if (status == null) {
            return Gtids.seqNo(queryString(admin, "SELECT @@global.gtid_binlog_pos"));
        }
        return Math.max(Gtids.seqNo(status.gtidIoPos()), Gtids.seqNo(queryString(admin, "SELECT @@global.gtid_slave_pos")));
    }

    /** Writer: {@code @@gtid_binlog_pos}; replica: {@code @@gtid_slave_pos}. */
    @Override
    public long appliedPosition(Connection admin) throws SQLException {
        if (SlaveStatus.read(admin) == null) {
            return Gtids.seqNo(queryString(admin, "SELECT @@global.gtid_binlog_pos"));
        }
        return Gtids.seqNo(queryString(admin, "SELECT @@global.gtid_slave_pos"));
    }

    /**
     * 0 on a writer and on a replica that has applied everything it received; otherwise
     * {@code Seconds_Behind_Master} × 1000, or, while a delayed replica waits ({@link #setLag}), the seconds the
     * waiting transaction has already waited ({@code SQL_Delay - SQL_Remaining_Delay}), which
     * {@code Seconds_Behind_Master} does not show. MariaDB 10.11 keeps event times in whole seconds: nothing finer
     * is to be had. {@link Long#MAX_VALUE} when the lag is unknown: the SQL thread does not run, or MariaDB reports
     * {@code NULL}.
     */
    @Override
    public long replicaLagMillis(Connection admin) throws SQLException {
        SlaveStatus status = SlaveStatus.read(admin);
        if (status == null) {
            return 0;
        }
        if (!status.sqlRunning()) {
            return Long.MAX_VALUE;
        }
        long applied = Gtids.seqNo(queryString(admin, "SELECT @@global.gtid_slave_pos"));
        if (applied >= Gtids.seqNo(status.gtidIoPos())) {
            return 0;
        }
        // While a delayed replica waits, Seconds_Behind_Master reads 0; the delay's progress tells the age instead.
        long seconds = status.secondsBehindMaster() == null ? -1 : status.secondsBehindMaster();
        if (status.sqlRemainingDelay() != null) {
            seconds = Math.max(seconds, status.sqlDelay() - status.sqlRemainingDelay());
        }
        return seconds < 0 ? Long.MAX_VALUE : seconds * 1000;
    }

    // ---------------------------------------------------------------------------------------------- failover

    @Override
    public void promote(NodeRuntime node, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(node, config);
        try (Connection c = admin(node, deadline.remaining())) {
            if (SlaveStatus.read(c) != null) {
                // Stop receiving first (the old writer may still be alive), then apply what was received.
                execute(c, "STOP SLAVE IO_THREAD");
                awaitRelayLogApplied(node, c, deadline);
                execute(c, "STOP SLAVE");
                execute(c, "RESET SLAVE ALL");
            }
            if (config.sync()) {
                execute(c, "SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC");
                execute(c, "SET GLOBAL rpl_semi_sync_master_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
                execute(c, "SET GLOBAL rpl_semi_sync_master_enabled = ON");
            }
            execute(c, "SET GLOBAL read_only = 0");
            writeOptionFile(node, Role.WRITER, config, config.sync());
            if (!isWritable(c)) {
                throw new TestClusterException("node " + node.id() + " is still read-only after SET GLOBAL read_only = 0");
            }
        } catch (SQLException e) {
            throw failure(node, "cannot promote it", e);
        }
        log(node, config, "promote took " + millisSince(started) + " ms");
    }

    @Override
    public void follow(NodeRuntime replica, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(replica, config);
        remember(writer, config);
        try (Connection c = admin(replica, deadline.remaining())) {
            execute(c, "STOP SLAVE");
            changeMaster(c, writer, config);
            execute(c, "START SLAVE");
        } catch (SQLException e) {
            throw failure(replica, "cannot re-point it at " + writer.id(), e);
        }
        awaitCaughtUp(replica, writer, deadline, false);
        log(replica, config, "follow " + writer.id() + " took " + millisSince(started) + " ms");
    }

    /**
     * Restarts a stopped former writer as a replica of {@code writer}. Its own binlogged transactions are kept:
     * {@code gtid_slave_pos} is set to its {@code gtid_binlog_pos} before it replicates with
     * {@code MASTER_USE_GTID=slave_pos} (what {@code current_pos} does once, made permanent, so that a later
     * {@link #follow} from {@code slave_pos} does not replay old transactions). When it has transactions the writer
     * never had (an asynchronous writer's last commits), or replication fails on them (error 1236), it is re-cloned.
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
                execute(c, "STOP SLAVE");
                execute(c, "SET GLOBAL gtid_slave_pos = @@global.gtid_binlog_pos");
                changeMaster(c, writer, config);
                execute(c, "START SLAVE");
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
     * Delays replay with {@code MASTER_DELAY}, in whole seconds rounded up: sub-second lag is impossible here.
     * MariaDB compares whole-second event timestamps with the clock, so a delay of {@code n} s shows a change
     * between {@code n - 1} and {@code n} seconds after its commit. Zero removes the delay.
     */
    @Override
    public void setLag(NodeRuntime replica, Duration lag, Duration timeout) {
        if (lag.isNegative()) {
            throw new IllegalArgumentException("a replica's lag cannot be negative: " + lag);
        }
        Deadline deadline = new Deadline(timeout);
        long seconds = (lag.toMillis() + 999) / 1000;
        if (!lag.isZero() && lag.toMillis() % 1000 != 0) {
            LOG.fine(() -> "node " + replica.id() + ": MASTER_DELAY takes whole seconds; " + lag.toMillis() + " ms becomes " + seconds + " s");
        }
        try (Connection c = admin(replica, deadline.remaining())) {
            if (SlaveStatus.read(c) == null) {
                throw new TestClusterException("node " + replica.id() + " is not a replica; cannot delay its replay");
            }
            // MariaDB changes MASTER_DELAY only with both threads stopped; the relay log is refetched by GTID.
            execute(c, "STOP SLAVE");
            execute(c, "CHANGE MASTER TO MASTER_DELAY = " + seconds);
            execute(c, "START SLAVE");
            while (true) {
                SlaveStatus s = SlaveStatus.read(c);
                if (s != null && s.sqlRunning() && s.sqlDelay() == seconds) {
                    return;
                }
                if (deadline.expired()) {
                    throw new TestClusterException("node " + replica.id() + ": replication did not restart with MASTER_DELAY = "
                            + seconds + " within " + deadline.timeoutMillis() + " ms (" + s + ")");
                }
                pause();
            }
        } catch (SQLException e) {
            throw failure(replica, "cannot set MASTER_DELAY", e);
        }
    }

    /**
     * Semi-synchronous replication: the writer waits ({@code AFTER_SYNC}) until one replica has the commit in its
     * relay log, for at most {@link #SEMI_SYNC_TIMEOUT_MILLIS}. MariaDB cannot restrict which replicas acknowledge:
     * every replica has the semi-sync slave role enabled (in its option file when the cluster is synchronous), so
     * any connected replica may acknowledge. {@code standbys} are switched on explicitly and their IO threads
     * restarted to register; when one of them was reachable, this returns once a semi-sync replica is connected.
     * Standbys that are down are skipped (as PostgreSQL accepts synchronous_standby_names naming absent standbys):
     * commits then wait until a semi-sync replica connects.
     */
    @Override
    public void configureSync(NodeRuntime writer, List<NodeRuntime> standbys, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(writer, config);
        boolean on = !standbys.isEmpty();
        List<NodeRuntime> reached = new ArrayList<>();
        try (Connection w = admin(writer, deadline.remaining())) {
            if (on) {
                execute(w, "SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC");
                execute(w, "SET GLOBAL rpl_semi_sync_master_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
            }
            execute(w, "SET GLOBAL rpl_semi_sync_master_enabled = " + (on ? "ON" : "OFF"));
            writeOptionFile(writer, Role.WRITER, config, on);
            for (NodeRuntime standby : standbys) {
                remember(standby, config);
                if (!standby.serverAlive()) {
                    LOG.warning(prefix(standby, config) + "is down; it acknowledges semi-sync commits once it replicates again");
                    continue;
                }
                try (Connection s = admin(standby, deadline.remaining())) {
                    execute(s, "SET GLOBAL rpl_semi_sync_slave_enabled = ON");
                    // The semi-sync role is negotiated when the IO thread connects.
                    execute(s, "STOP SLAVE IO_THREAD");
                    execute(s, "START SLAVE IO_THREAD");
                    reached.add(standby);
                } catch (SQLException e) {
                    LOG.warning(prefix(standby, config) + "cannot enable its semi-sync role now (" + e.getMessage() + ")");
                }
            }
            while (!reached.isEmpty() && semiSyncClients(w) < 1) {
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

    /** {@code jdbc:mysql://host:port/<database>?sslMode=DISABLED} (accounts use mysql_native_password: no RSA key retrieval). */
    @Override
    public String jdbcUrl(String host, int port, ClusterConfig config) {
        return url(host, port, config.database()) + "?sslMode=DISABLED";
    }

    // ---------------------------------------------------------------------------------------------- internals

    private static String url(String host, int port, String database) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:mysql://" + h + ":" + port + "/" + database;
    }

    private void remember(NodeRuntime node, ClusterConfig config) {
        configs.put(node, config);
    }

    private ClusterConfig configOf(NodeRuntime node) {
        ClusterConfig config = configs.get(node);
        if (config == null) {
            throw new TestClusterException("node " + node.id() + " is unknown to this engine: initWriter, initReplica or"
                    + " another call that passes the cluster's configuration must come first");
        }
        return config;
    }

    /** A fresh replica: data directory, first start, replication from the writer's whole binary log. */
    private String cloneFrom(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Deadline deadline) {
        String dataDir = initialiseDataDir(node, deadline);
        long serverId;
        try (Connection w = admin(writer, deadline.remaining())) {
            Set<Long> used = Gtids.serverIds(queryString(w, "SELECT @@global.gtid_binlog_state"));
            used.add(Long.valueOf(queryString(w, "SELECT @@global.server_id")));
            serverId = freshServerId(node.id(), used);
        } catch (SQLException e) {
            throw failure(writer, "cannot read the writer's binary log state", e);
        }
        if (serverId != serverId(node.id())) {
            log(node, config, "takes server_id " + serverId + ": " + serverId(node.id()) + " is in the writer's binary log (an"
                    + " earlier incarnation of the node), and a replica skips the events of its own server_id");
        }
        node.writeFile(optionFilePath(node), optionFile(node, Role.REPLICA, config, false, serverId));
        firstStart(node, config, deadline);
        try (Connection c = admin(node, deadline.remaining())) {
            changeMaster(c, writer, config);
            execute(c, "START SLAVE");
        } catch (SQLException e) {
            throw failure(node, "cannot start replicating from " + writer.id(), e);
        }
        awaitCaughtUp(node, writer, deadline, true);
        return dataDir;
    }

    private void changeMaster(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        // MASTER_SSL=0: the servers run without TLS, and MariaDB 11 replicas would otherwise insist on it.
        execute(c, "CHANGE MASTER TO MASTER_HOST = " + literal(writer.peerHost()) + ", MASTER_PORT = " + writer.peerPort()
                        + ", MASTER_USER = " + literal(config.adminUser()) + ", MASTER_PASSWORD = " + literal(config.adminPassword())
                        + ", MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_SSL = 0",
                "CHANGE MASTER TO " + writer.peerHost() + ":" + writer.peerPort());
    }

    /** Starts a node for the first time, creating the admin account through an init file that is emptied afterwards. */
    private void firstStart(NodeRuntime node, ClusterConfig config, Deadline deadline) {
        String initFile = node.runDir() + "/" + INIT_FILE;
        StringBuilder sql = new StringBuilder("SET SESSION sql_log_bin = 0;\n");
        for (String host : accountHosts(node)) {
            String account = account(config.adminUser(), host);
            sql.append("CREATE OR REPLACE USER ").append(account).append(" IDENTIFIED BY ").append(literal(config.adminPassword())).append(";\n");
            sql.append("GRANT ALL PRIVILEGES ON *.* TO ").append(account).append(" WITH GRANT OPTION;\n");
        }
        node.writeFile(initFile, sql.toString());
        try {
            node.startServer("mariadbd", List.of("--defaults-file=" + optionFilePath(node), "--init-file=" + initFile));
            awaitReady(node, deadline);
        } finally {
            node.writeFile(initFile, "-- consumed by the node's first start\n");
        }
    }

    private void awaitReady(NodeRuntime node, Deadline deadline) {
        SQLException last = null;
        while (true) {
            if (!node.serverAlive()) {
                throw new TestClusterException("node " + node.id() + ": mariadbd exited while starting; server log:\n" + node.logTail(30));
            }
            try (Connection c = admin(node, Duration.ofMillis(Math.min(2000, Math.max(1, deadline.remainingMillis()))))) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            if (deadline.expired()) {
                throw new TestClusterException("node " + node.id() + ": mariadbd did not accept an admin connection on "
                        + node.serverHost() + ":" + node.serverPort() + " within " + deadline.timeoutMillis() + " ms (last error: "
                        + last.getMessage() + "); server log:\n" + node.logTail(30));
            }
            pause();
        }
    }

    /** Waits until a replica whose IO thread is stopped has applied everything it received. */
    private void awaitRelayLogApplied(NodeRuntime node, Connection c, Deadline deadline) throws SQLException {
        while (true) {
            SlaveStatus s = SlaveStatus.read(c);
            if (s == null) {
                return;
            }
            if (!s.sqlRunning()) {
                if (s.lastSqlErrno() != 0) {
                    throw new TestClusterException("node " + node.id() + ": cannot promote, its SQL thread stopped with error "
                            + s.lastSqlErrno() + ": " + s.lastSqlError());
                }
                execute(c, "START SLAVE SQL_THREAD");
            } else {
                long applied = Gtids.seqNo(queryString(c, "SELECT @@global.gtid_slave_pos"));
                if (applied >= Gtids.seqNo(s.gtidIoPos()) && s.sqlState().contains(RELAY_LOG_DONE)) {
                    return;
                }
            }
            if (deadline.expired()) {
                throw new TestClusterException("node " + node.id() + ": did not apply its relay log within " + deadline.timeoutMillis()
                        + " ms (" + s + ")");
            }
            pause();
        }
    }

    /**
     * Waits until the replica runs both threads and has received and applied the writer's position as of the call
     * (a moving writer is not chased).
     *
     * @param requireApplied when false, a replica with {@code MASTER_DELAY} only needs to have received it
     * @throws ReplicationBroken when a replication thread stopped with an error
     */
    private void awaitCaughtUp(NodeRuntime node, NodeRuntime writer, Deadline deadline, boolean requireApplied) {
        long target;
        try (Connection w = admin(writer, deadline.remaining())) {
            target = Gtids.seqNo(queryString(w, "SELECT @@global.gtid_binlog_pos"));
        } catch (SQLException e) {
            throw failure(writer, "cannot read the writer's GTID position", e);
        }
        try (Connection c = admin(node, deadline.remaining())) {
            while (true) {
                SlaveStatus s = SlaveStatus.read(c);
                if (s == null) {
                    throw new TestClusterException("node " + node.id() + " is not replicating (no slave status)");
                }
                // "Connecting" with an error is a retry (e.g. 2003 while the writer starts); "No" with one is final (1236).
                if ("No".equalsIgnoreCase(s.ioRunningText()) && s.lastIoErrno() != 0) {
                    throw new ReplicationBroken("node " + node.id() + ": replication from " + writer.id() + " stopped, IO thread error "
                            + s.lastIoErrno() + ": " + s.lastIoError());
                }
                if (!s.sqlRunning() && s.lastSqlErrno() != 0) {
                    throw new ReplicationBroken("node " + node.id() + ": replication from " + writer.id() + " stopped, SQL thread error "
                            + s.lastSqlErrno() + ": " + s.lastSqlError());
                }
                long applied = Gtids.seqNo(queryString(c, "SELECT @@global.gtid_slave_pos"));
                long received = Math.max(applied, Gtids.seqNo(s.gtidIoPos()));
                boolean delayed = !requireApplied && s.sqlDelay() > 0;
                if (s.ioRunning() && s.sqlRunning() && received >= target && (applied >= target || delayed)) {
                    return;
                }
                if (deadline.expired()) {
                    throw new TestClusterException("node " + node.id() + " did not catch up with " + writer.id() + " within "
                            + deadline.timeoutMillis() + " ms: target seq " + target + ", received " + received + ", applied "
                            + applied + " (" + s + "); server log:\n" + node.logTail(20));
                }
                pause();
            }
        } catch (SQLException e) {
            throw failure(node, "cannot read its replication status", e);
        }
    }

    /**
     * Why a former writer cannot simply replicate from the new writer, or {@code null}: its last transaction (its
     * {@code gtid_binlog_pos}) must be in the new writer's binary log, whose {@code gtid_binlog_state} lists the last
     * sequence number of each server; strict mode keeps each server's transactions in order.
     */
    private static String divergence(Connection oldWriter, Connection writer) throws SQLException {
        String own = Gtids.domainZero(queryString(oldWriter, "SELECT @@global.gtid_binlog_pos"));
        if (own.isEmpty()) {
            return null;
        }
        String state = queryString(writer, "SELECT @@global.gtid_binlog_state");
        long[] gtid = Gtids.parse(own);
        long writersLast = Gtids.lastSeqNoOf(state, gtid[1]);
        if (writersLast < gtid[2]) {
            return "it has transaction " + own + ", the new writer's binary log ends at " + (state.isEmpty() ? "nothing" : state);
        }
        return null;
    }

    private static int semiSyncClients(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_master_clients'")) {
            return rs.next() ? Integer.parseInt(rs.getString(2).trim()) : 0;
        }
    }

    // ---------------------------------------------------------------------------------------------- files

    private static String optionFilePath(NodeRuntime node) {
        return node.runDir() + "/" + OPTION_FILE;
    }

    /** (Re)writes the node's option file, keeping the server id it has. */
    private void writeOptionFile(NodeRuntime node, Role role, ClusterConfig config, boolean semiSyncMaster) {
        node.writeFile(optionFilePath(node), optionFile(node, role, config, semiSyncMaster, currentServerId(node)));
    }

    /** The server id in the node's option file, or the one its id gives when it has none yet. */
    private static long currentServerId(NodeRuntime node) {
        String existing = node.readFile(optionFilePath(node));
        if (existing != null) {
            Matcher m = SERVER_ID_LINE.matcher(existing);
            if (m.find()) {
                return Long.parseLong(m.group(1));
            }
        }
        return serverId(node.id());
    }

    /** The node's option file (package-private for tests). */
    String optionFile(NodeRuntime node, Role role, ClusterConfig config, boolean semiSyncMaster, long serverId) {
        String run = node.runDir();
        String socket = run + "/mysqld.sock";
        if (socket.getBytes(StandardCharsets.UTF_8).length > MAX_SOCKET_PATH) {
            throw new TestClusterException("node " + node.id() + ": the socket path " + socket + " is longer than "
                    + MAX_SOCKET_PATH + " bytes; use a shorter scratch directory (-Daurora.testcluster.dir)");
        }
        List<String> lines = new ArrayList<>();
        lines.add("# Generated by the aurora-jdbc test cluster for node " + node.id() + " of " + config.clusterId()
                + " (" + role.name().toLowerCase(Locale.ROOT) + "); rewritten on promote and rejoin.");
        lines.add("[mariadbd]");
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
        lines.add("skip_ssl");
        lines.add("performance_schema = OFF");
        lines.add("max_connections = 1200");
        lines.add("character_set_server = utf8mb4");
        lines.add("innodb_buffer_pool_size = " + INNODB_BUFFER_POOL_SIZE);
        lines.add("innodb_log_file_size = " + INNODB_LOG_FILE_SIZE);
        lines.add("# A SIGKILL keeps the OS page cache; only a machine crash could lose commits.");
        lines.add("innodb_flush_log_at_trx_commit = 2");
        lines.add("sync_binlog = 0");
        lines.add("log_bin = binlog");
        lines.add("log_bin_index = binlog.index");
        lines.add("relay_log = relay-bin");
        lines.add("relay_log_index = relay-bin.index");
        lines.add("log_slave_updates = ON");
        lines.add("binlog_format = ROW");
        lines.add("expire_logs_days = 0");
        lines.add("gtid_strict_mode = ON");
        lines.add("gtid_domain_id = 0");
        lines.add("# A replica notices a silent writer within 10 s (heartbeats every 5 s).");
        lines.add("slave_net_timeout = 10");
        lines.add("read_only = " + (role == Role.WRITER ? "OFF" : "ON"));
        if (config.sync()) {
            lines.add("rpl_semi_sync_master_enabled = " + (semiSyncMaster ? "ON" : "OFF"));
            lines.add("rpl_semi_sync_master_wait_point = AFTER_SYNC");
            lines.add("rpl_semi_sync_master_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
            lines.add("rpl_semi_sync_slave_enabled = ON");
        }
        List<String> extra = metadata.nodeConfig(node.id());
        if (!extra.isEmpty()) {
            lines.add("# Aurora metadata emulation");
            lines.addAll(extra);
        }
        return String.join("\n", lines) + "\n";
    }

    /** What mariadb-install-db needs: no binary log, no server identity, the node's InnoDB sizes. */
    private static String installOptionFile(NodeRuntime node) {
        String run = node.runDir();
        return String.join("\n",
                "# Generated by the aurora-jdbc test cluster: mariadb-install-db's settings (node independent).",
                "[mariadbd]",
                "datadir = " + node.dataDir(),
                "socket = " + run + "/install.sock",
                "pid_file = " + run + "/install.pid",
                "tmpdir = " + run,
                "skip_ssl",
                "performance_schema = OFF",
                "innodb_buffer_pool_size = " + INNODB_BUFFER_POOL_SIZE,
                "innodb_log_file_size = " + INNODB_LOG_FILE_SIZE) + "\n";
    }

    /** Fills the node's empty data directory; returns how, for the logs. */
    private static String initialiseDataDir(NodeRuntime node, Deadline deadline) {
        // The version line names the binary and its version: one template per set of binaries.
        String binaries = node.exec(deadline.remaining(), "mariadbd", List.of("--no-defaults", "--version")).trim();
        return TEMPLATES.initialise(node, binaries, () -> installDb(node, deadline));
    }

    private static void installDb(NodeRuntime node, Deadline deadline) {
        String cnf = node.runDir() + "/install-db.cnf";
        node.writeFile(cnf, installOptionFile(node));
        // --cross-bootstrap: no host-name-specific accounts, so the result suits any node.
        node.exec(deadline.remaining(), "mariadb-install-db",
                List.of("--defaults-file=" + cnf, "--datadir=" + node.dataDir(), "--cross-bootstrap", "--skip-test-db"));
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
     * {@link #serverId} unless that appears in the log (the node was there before, e.g. a diverged former writer
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

    /** A string literal for MariaDB's default sql_mode (backslash escapes on). */
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
     * networks — loopback as {@code 127.0.0.0/255.0.0.0}; anything else (a container's own network, which MariaDB
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

    private static String account(String user, String host) {
        return literal(user) + "@" + literal(host);
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    /** Executes a statement holding a secret; a failure names {@code what} instead of the statement. */
    private static void execute(Connection c, String sql, String what) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            // The server may quote the statement in its message: keep only the codes.
            throw new SQLException(what + " failed: error " + e.getErrorCode() + ", SQLState " + e.getSQLState(), e.getSQLState(), e.getErrorCode());
        }
    }

    private static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("no row from: " + sql);
            }
            String value = rs.getString(1);
            return value == null ? "" : value;
        }
    }

    private static TestClusterException failure(NodeRuntime node, String what, SQLException e) {
        return new TestClusterException("node " + node.id() + ": " + what + ": " + e.getMessage()
                + " (error " + e.getErrorCode() + ", SQLState " + e.getSQLState() + ")", e);
    }

    private static void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while waiting", e);
        }
    }

    private static long millisSince(long nanoTime) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - nanoTime);
    }

    private static String ids(List<NodeRuntime> nodes) {
        List<String> ids = new ArrayList<>();
        nodes.forEach(n -> ids.add(n.id()));
        return ids.toString();
    }

    private static String prefix(NodeRuntime node, ClusterConfig config) {
        return "[" + config.clusterId() + "] node " + node.id() + ": ";
    }

    private static void log(NodeRuntime node, ClusterConfig config, String message) {
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

    // ---------------------------------------------------------------------------------------------- small types

    /** GTID position lists such as {@code 0-11-57,1-12-3}: the engine only uses domain 0. */
    static final class Gtids {
        private Gtids() {
        }

        /** The domain-0 GTID of a position list ({@code 0-11-57}), or an empty string. */
        static String domainZero(String list) {
            for (String entry : list.split(",")) {
                String gtid = entry.trim();
                if (gtid.startsWith("0-")) {
                    return gtid;
                }
            }
            return "";
        }

        /** The domain-0 sequence number of a position list, 0 when there is none. */
        static long seqNo(String list) {
            String gtid = domainZero(list);
            return gtid.isEmpty() ? 0 : parse(gtid)[2];
        }

        /** {@code domain-server-seq} as three numbers. */
        static long[] parse(String gtid) {
            String[] parts = gtid.trim().split("-");
            if (parts.length != 3) {
                throw new IllegalArgumentException("not a GTID: " + gtid);
            }
            return new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1]), Long.parseLong(parts[2])};
        }

        /** The server ids in a GTID list or {@code gtid_binlog_state}, all domains. */
        static Set<Long> serverIds(String state) {
            Set<Long> ids = new HashSet<>();
            for (String entry : state.split(",")) {
                if (!entry.isBlank()) {
                    ids.add(parse(entry)[1]);
                }
            }
            return ids;
        }

        /** The last domain-0 sequence number of {@code serverId} in a {@code gtid_binlog_state}, -1 when absent. */
        static long lastSeqNoOf(String state, long serverId) {
            long last = -1;
            for (String entry : state.split(",")) {
                if (entry.isBlank()) {
                    continue;
                }
                long[] gtid = parse(entry);
                if (gtid[0] == 0 && gtid[1] == serverId) {
                    last = Math.max(last, gtid[2]);
                }
            }
            return last;
        }
    }

    /**
     * Pristine data directories made by {@code mariadb-install-db}, one per set of binaries, kept for the JVM's
     * lifetime in private temporary directories ({@code aurora-mariadb-template-<pid>-*}, deleted at exit; those of
     * dead JVMs are swept when a new one is made). A node whose filesystem is the JVM's gets a copy (owned like its
     * data directory); any other runs {@code mariadb-install-db} itself.
     */
    static final class DataDirTemplates {
        private static final String PREFIX = "aurora-mariadb-template-";

        private final ReentrantLock lock = new ReentrantLock();
        /** Binaries' version line → template directory. Guarded by {@link #lock}. */
        private final Map<String, Path> templates = new HashMap<>();
        private final List<Path> created = new CopyOnWriteArrayList<>();
        private final AtomicBoolean hookInstalled = new AtomicBoolean();

        /** Fills the node's empty data directory; returns how, for the logs. */
        String initialise(NodeRuntime node, String binaries, Runnable installDb) {
            Path dataDir = sharedDataDir(node);
            if (dataDir == null) {
                long started = System.nanoTime();
                installDb.run();
                return "mariadb-install-db, " + millisSince(started) + " ms (the node's filesystem is not the JVM's)";
            }
            Path template;
            lock.lock();
            try {
                template = templates.get(binaries);
                if (template == null || !Files.isDirectory(template)) {
                    long started = System.nanoTime();
                    installDb.run();
                    long installMillis = millisSince(started);
                    Path kept = keep(dataDir);
                    if (kept != null) {
                        templates.put(binaries, kept);
                    }
                    return "mariadb-install-db, " + installMillis + " ms" + (kept != null ? ", kept as this JVM's template" : "");
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
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> created.forEach(MariaDbEngine::deleteTree),
                            "aurora-mariadb-template-cleanup"));
                }
                copyTree(dataDir, template, null, null);
                return template;
            } catch (IOException e) {
                LOG.warning("cannot keep a data directory template (every node runs mariadb-install-db): " + e);
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
                    copy(file);
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

    /** A replication thread stopped with an error (e.g. 1236: the writer lacks the replica's position). */
    private static final class ReplicationBroken extends TestClusterException {
        private static final long serialVersionUID = 1L;

        ReplicationBroken(String message) {
            super(message);
        }
    }

    /** A point in time an operation must finish by. */
    private static final class Deadline {
        private final long timeoutMillis;
        private final long end;

        Deadline(Duration timeout) {
            this.timeoutMillis = timeout.toMillis();
            this.end = System.nanoTime() + timeout.toNanos();
        }

        long remainingMillis() {
            return Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        }

        /** What is left, at least 1 ms so that callees fail with their own clear message rather than on a zero. */
        Duration remaining() {
            return Duration.ofMillis(Math.max(1, remainingMillis()));
        }

        boolean expired() {
            return end - System.nanoTime() <= 0;
        }

        long timeoutMillis() {
            return timeoutMillis;
        }
    }

    /** The interesting columns of {@code SHOW SLAVE STATUS}. */
    record SlaveStatus(String ioRunningText, String sqlRunningText, String ioState, int lastIoErrno, String lastIoError,
            int lastSqlErrno, String lastSqlError, String gtidIoPos, Long secondsBehindMaster, long sqlDelay, Long sqlRemainingDelay, String sqlState,
            String masterHost, int masterPort) {

        /** The status of the default connection, or {@code null} when the node replicates from nobody. */
        static SlaveStatus read(Connection c) throws SQLException {
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW SLAVE STATUS")) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, String> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                ResultSetMetaData md = rs.getMetaData();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.put(md.getColumnLabel(i), rs.getString(i));
                }
                String behind = row.get("Seconds_Behind_Master");
                String remaining = row.get("SQL_Remaining_Delay");
                return new SlaveStatus(text(row, "Slave_IO_Running"), text(row, "Slave_SQL_Running"), text(row, "Slave_IO_State"),
                        number(row, "Last_IO_Errno"), text(row, "Last_IO_Error"), number(row, "Last_SQL_Errno"),
                        text(row, "Last_SQL_Error"), text(row, "Gtid_IO_Pos"),
                        nullableNumber(behind), number(row, "SQL_Delay"), nullableNumber(remaining),
                        text(row, "Slave_SQL_Running_State"), text(row, "Master_Host"), number(row, "Master_Port"));
            }
        }

        private static String text(Map<String, String> row, String column) {
            String v = row.get(column);
            return v == null ? "" : v;
        }

        private static Long nullableNumber(String v) {
            return v == null || v.isBlank() ? null : Long.valueOf(v.trim());
        }

        private static int number(Map<String, String> row, String column) {
            String v = row.get(column);
            return v == null || v.isBlank() ? 0 : Integer.parseInt(v.trim());
        }

        boolean ioRunning() {
            return "Yes".equalsIgnoreCase(ioRunningText);
        }

        boolean sqlRunning() {
            return "Yes".equalsIgnoreCase(sqlRunningText);
        }

        @Override
        public String toString() {
            return "master " + masterHost + ":" + masterPort + ", IO " + ioRunningText + (lastIoErrno != 0 ? " (error " + lastIoErrno
                    + ": " + lastIoError + ")" : "") + ", SQL " + sqlRunningText + (lastSqlErrno != 0 ? " (error " + lastSqlErrno + ": "
                    + lastSqlError + ")" : "") + ", Gtid_IO_Pos " + gtidIoPos + ", SQL state '" + sqlState + "', SQL_Delay " + sqlDelay
                    + ", Seconds_Behind_Master " + secondsBehindMaster;
        }
    }
}
