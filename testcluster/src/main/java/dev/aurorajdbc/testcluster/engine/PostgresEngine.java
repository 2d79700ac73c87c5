package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.EngineOps;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * PostgreSQL physical streaming replication: one writer, hot-standby replicas cloned from it, promotion,
 * re-pointing, and rejoining a former writer with {@code pg_rewind} (or a re-clone).
 *
 * <p>Every node's configuration is generated whole from the cluster's settings and the node's identity
 * ({@link #postgresqlConf}, {@link #pgHbaConf}) and written again after every clone and rewind, which copy the
 * source's files. Per-node replication settings live in {@code postgresql.auto.conf}: a clone gets a fresh one
 * holding only its {@code primary_conninfo}; {@code ALTER SYSTEM} changes it afterwards (follow, lag, sync).
 *
 * <p>The admin credentials are kept in the node's run directory as a libpq password file
 * ({@value #PASSFILE}, mode 600, owned by the server's user). The walreceiver, {@code pg_basebackup} and
 * {@code pg_rewind} read it through {@code passfile=} in their connection strings, and {@link #admin} reads it,
 * so no password appears in a configuration file, a command line or a message.
 *
 * <p>Durability: {@code fsync=off} (a killed server loses nothing that reached the kernel, and the tests
 * kill processes, not the machine); {@code full_page_writes} stays on because {@code pg_rewind} requires it,
 * and {@code wal_log_hints=on} lets {@code pg_rewind} work without data checksums.
 */
final class PostgresEngine implements EngineOps {
    private static final Logger LOG = Logger.getLogger(PostgresEngine.class.getName());

    /** The admin credentials in libpq's password-file format, in the node's run directory. */
    static final String PASSFILE = "admin.pgpass";
    static final String ADMIN_DATABASE_FILE = "admin.database";
    private static final String PWFILE = "initdb.pw";
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PROBE = Duration.ofSeconds(5);
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);
    private static final org.postgresql.Driver DRIVER = new org.postgresql.Driver();

    /** Top-level files of a running data directory that a clone must not copy (see basebackup.c). */
    private static final Set<String> SKIP_FILES = Set.of("postmaster.pid", "postmaster.opts", "backup_label",
            "backup_label.old", "tablespace_map", "backup_manifest", "standby.signal", "recovery.signal",
            "current_logfiles", "postgresql.auto.conf.tmp");
    /** Directories whose contents a clone must not copy; the (empty) directories themselves are needed. */
    private static final Set<String> EMPTY_DIRS = Set.of("pg_wal", "pg_dynshmem", "pg_notify", "pg_replslot",
            "pg_serial", "pg_snapshots", "pg_stat_tmp", "pg_subtrans");

    private final AuroraMetadata metadata;

    PostgresEngine(AuroraMetadata metadata) {
        this.metadata = Objects.requireNonNull(metadata, "metadata");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Lifecycle

    @Override
    public void initWriter(NodeRuntime node, ClusterConfig config, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = who(config, node);
        writeCredentials(node, config);
        String pwfile = node.runDir() + "/" + PWFILE;
        node.writeFile(pwfile, config.adminPassword() + "\n");
        try {
            node.exec(deadline.left(who, "initdb"), "initdb", List.of("-D", node.dataDir(), "-U", config.adminUser(),
                    "--pwfile=" + pwfile, "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8",
                    "--locale=C", "--no-sync", "--no-instructions"));
        } finally {
            node.writeFile(pwfile, "");
        }
        writeConfig(node, config);
        start(node, deadline.left(who, "the first start"));
        try (Connection c = admin(node, deadline.left(who, "creating the application database"));
             Statement s = c.createStatement()) {
            // A failed CREATE ROLE would otherwise log its text, password included.
            s.execute("SET log_min_error_statement = panic");
            s.execute("CREATE ROLE " + ident(config.user()) + " LOGIN PASSWORD " + literal(config.password()));
            // Reads replication statistics (replica lists, lag) as a driver's monitor needs; no write privilege.
            s.execute("GRANT pg_monitor TO " + ident(config.user()));
            s.execute("RESET log_min_error_statement");
            s.execute("CREATE DATABASE " + ident(config.database()) + " OWNER " + ident(config.user()));
            writeAdminDatabase(node, config);
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot create the application user " + config.user() + " and database "
                    + config.database() + ": " + e.getMessage(), e);
        }
        LOG.info(who + ": writer initialised in " + deadline.elapsedMillis() + " ms");
    }

    @Override
    public void initReplica(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = who(config, node);
        writeCredentials(node, config);
        writeAdminDatabase(node, config);
        String how = cloneFrom(node, writer, deadline, who);
        configureAsStandby(node, writer, config);
        start(node, deadline.left(who, "starting the new replica"));
        awaitCaughtUp(node, writer, deadline, who);
        LOG.info(who + ": replica of " + writer.id() + " initialised (" + how + ") in " + deadline.elapsedMillis() + " ms");
    }

    @Override
    public void start(NodeRuntime node, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        // A killed server leaves its lock file, and PostgreSQL refuses to start while the PID in it is alive. After
        // thousands of backends the PIDs wrap around, and that PID may by then be another node's backend, run by the
        // same user: seen here after ReadWriteSplittingIT's 10,000 connections. The whole process tree of this node's
        // server was killed and reaped (the runtime says it is not running), so the file is stale.
        node.deleteFile("postmaster.pid");
        node.startServer("postgres", List.of("-D", node.dataDir()));
        // Whoever answers must be this server, not another one holding the address (which makes ours exit).
        String dataDir = stripTrailingSlash(node.dataDir());
        await(node, deadline, "accepting connections", c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SHOW data_directory")) {
                rs.next();
                String answering = stripTrailingSlash(rs.getString(1));
                return answering.equals(dataDir) ? null
                        : "another server answers at " + node.serverHost() + ":" + node.serverPort() + " (data directory " + answering + ")";
            }
        });
        LOG.fine(() -> "node " + node.id() + ": started in " + deadline.elapsedMillis() + " ms");
    }

    @Override
    public void stop(NodeRuntime node, Duration timeout) {
        if (!node.serverAlive()) {
            return;
        }
        long started = System.nanoTime();
        node.signal(NodeRuntime.Signal.CONT); // a frozen server would not see the shutdown request
        node.signal(NodeRuntime.Signal.INT);  // fast shutdown
        if (node.awaitExit(timeout)) {
            LOG.fine(() -> "node " + node.id() + ": stopped in " + (System.nanoTime() - started) / 1_000_000 + " ms");
            return;
        }
        LOG.warning("node " + node.id() + ": no fast shutdown within " + timeout.toMillis() + " ms; killing it");
        node.signal(NodeRuntime.Signal.KILL);
        if (!node.awaitExit(KILL_WAIT)) {
            throw new TestClusterException("node " + node.id() + ": the server survived SIGKILL for " + KILL_WAIT.toSeconds()
                    + " s; server log:\n" + node.logTail(30));
        }
    }

    @Override
    public Connection admin(NodeRuntime node, Duration timeout) throws SQLException {
        Credentials admin = credentials(node);
        String seconds = Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000));
        Properties props = new Properties();
        props.setProperty("user", admin.user());
        props.setProperty("password", admin.password());
        props.setProperty("connectTimeout", seconds);
        props.setProperty("loginTimeout", seconds);
        props.setProperty("socketTimeout", seconds);
        props.setProperty("sslmode", "disable");
        props.setProperty("ApplicationName", "aurora-testcluster");
        Connection c = DRIVER.connect("jdbc:postgresql://" + node.serverHost() + ":" + node.serverPort() + "/"
                + java.net.URLEncoder.encode(adminDatabase(node), java.nio.charset.StandardCharsets.UTF_8), props);
        if (c == null) {
            throw new SQLException("pgjdbc refused the URL of node " + node.id(), "08001");
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------------------
    // State

    @Override
    public boolean isWritable(Connection admin) throws SQLException {
        return queryLong(admin, "SELECT CASE WHEN pg_is_in_recovery() THEN 0 ELSE 1 END") == 1;
    }

    @Override
    public long receivedPosition(Connection admin) throws SQLException {
        return queryLong(admin, "SELECT pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery()"
                + " THEN coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) ELSE pg_current_wal_lsn() END, '0/0')::bigint");
    }

    @Override
    public long appliedPosition(Connection admin) throws SQLException {
        return queryLong(admin, "SELECT pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery()"
                + " THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END, '0/0')::bigint");
    }

    @Override
    public long replicaLagMillis(Connection admin) throws SQLException {
        return queryLong(admin, "SELECT CASE"
                + " WHEN NOT pg_is_in_recovery() THEN 0"
                + " WHEN coalesce(pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()) <= pg_last_wal_replay_lsn() THEN 0"
                + " ELSE coalesce(greatest(0, extract(epoch FROM now() - pg_last_xact_replay_timestamp()) * 1000), 0)::bigint END");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Failover

    @Override
    public void promote(NodeRuntime node, ClusterConfig config, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = who(config, node);
        try (Connection c = admin(node, deadline.left(who, "promotion")); Statement s = c.createStatement()) {
            if (isWritable(c)) {
                LOG.info(who + ": already a writer; nothing to promote");
                return;
            }
            // The startup process stops waiting out recovery_min_apply_delay once promotion is requested, but a
            // writer has no use for the setting and a later rejoin must not inherit it: clear it first.
            s.execute("ALTER SYSTEM RESET recovery_min_apply_delay");
            if (config.sync()) {
                // Synchronous from its first commit: any standby may acknowledge until configureSync names them.
                s.execute("ALTER SYSTEM SET synchronous_standby_names = 'ANY 1 (*)'");
                s.execute("ALTER SYSTEM SET synchronous_commit = 'on'");
            }
            s.execute("SELECT pg_reload_conf()");
            long waitSeconds = Math.max(1, deadline.remaining().toSeconds() - 1);
            try (ResultSet rs = s.executeQuery("SELECT pg_promote(true, " + waitSeconds + ")")) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    LOG.warning(who + ": pg_promote did not confirm within " + waitSeconds + " s; still waiting");
                }
            }
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot promote: " + e.getMessage() + "; server log:\n" + node.logTail(30), e);
        }
        await(node, deadline, "becoming writable after promotion", c -> isWritable(c) ? null : "still in recovery");
        LOG.info(who + ": promoted in " + deadline.elapsedMillis() + " ms");
    }

    @Override
    public void follow(NodeRuntime replica, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = who(config, replica);
        try (Connection c = admin(replica, deadline.left(who, "re-pointing")); Statement s = c.createStatement()) {
            if (isWritable(c)) {
                throw new TestClusterException(who + ": is a writer, not a replica; a former writer must rejoin instead");
            }
            s.execute("ALTER SYSTEM SET primary_conninfo = " + literal(primaryConninfo(replica, writer, config)));
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot re-point at " + writer.id() + ": " + e.getMessage(), e);
        }
        awaitStreamingFrom(replica, writer, deadline);
        LOG.info(who + ": follows " + writer.id() + " (re-pointed in " + deadline.elapsedMillis() + " ms)");
    }

    @Override
    public void rejoin(NodeRuntime oldWriter, NodeRuntime writer, ClusterConfig config, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = who(config, oldWriter);
        if (oldWriter.serverAlive()) {
            LOG.warning(who + ": still running; stopping it before it rejoins as a replica of " + writer.id());
            stop(oldWriter, deadline.left(who, "stopping the former writer"));
        }
        writeCredentials(oldWriter, config);
        writeAdminDatabase(oldWriter, config);
        if (!hasTool(oldWriter, "pg_rewind", deadline)) {
            LOG.info(who + ": these binaries have no pg_rewind; re-cloning from " + writer.id());
        } else {
            String how;
            try {
                how = "pg_rewind (" + rewind(oldWriter, writer, deadline, who) + ")";
            } catch (TestClusterException e) {
                LOG.log(Level.WARNING, who + ": pg_rewind from " + writer.id() + " failed; re-cloning instead", e);
                how = null;
            }
            if (how != null) {
                try {
                    startAsStandby(oldWriter, writer, config, deadline, who);
                    LOG.info(who + ": rejoined as a replica of " + writer.id() + " via " + how + " in " + deadline.elapsedMillis() + " ms");
                    return;
                } catch (TestClusterException e) {
                    LOG.log(Level.WARNING, who + ": does not stream from " + writer.id() + " after pg_rewind; re-cloning instead", e);
                    stop(oldWriter, deadline.remainingAtMost(PROBE));
                }
            }
        }
        oldWriter.clearDataDir();
        String cloned = cloneFrom(oldWriter, writer, deadline, who);
        startAsStandby(oldWriter, writer, config, deadline, who);
        LOG.info(who + ": rejoined as a replica of " + writer.id() + " via re-clone, " + cloned + " in " + deadline.elapsedMillis() + " ms");
    }

    private void startAsStandby(NodeRuntime node, NodeRuntime writer, ClusterConfig config, Deadline deadline, String who) {
        configureAsStandby(node, writer, config);
        start(node, deadline.left(who, "starting as a replica of " + writer.id()));
        awaitStreamingFrom(node, writer, deadline);
    }

    @Override
    public void setLag(NodeRuntime replica, Duration lag, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = "node " + replica.id();
        long millis = Math.max(0, lag.toMillis());
        try (Connection c = admin(replica, deadline.left(who, "setting the replay delay")); Statement s = c.createStatement()) {
            s.execute(millis == 0 ? "ALTER SYSTEM RESET recovery_min_apply_delay"
                    : "ALTER SYSTEM SET recovery_min_apply_delay = '" + millis + "ms'");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot set recovery_min_apply_delay: " + e.getMessage(), e);
        }
        awaitSetting(replica, deadline, "recovery_min_apply_delay", Long.toString(millis));
        LOG.info(who + ": replay delay " + millis + " ms");
    }

    @Override
    public void configureSync(NodeRuntime writer, List<NodeRuntime> standbys, ClusterConfig config, Duration timeout) {
        Deadline deadline = new Deadline(timeout);
        String who = who(config, writer);
        List<String> ids = new ArrayList<>();
        standbys.forEach(n -> ids.add(n.id()));
        String names = synchronousStandbyNames(ids);
        try (Connection c = admin(writer, deadline.left(who, "configuring synchronous replication"));
             Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = " + literal(names));
            s.execute("ALTER SYSTEM SET synchronous_commit = 'on'");
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot configure synchronous replication: " + e.getMessage(), e);
        }
        awaitSetting(writer, deadline, "synchronous_standby_names", names);
        LOG.info(who + ": synchronous_standby_names = '" + names + "'");
    }

    @Override
    public String jdbcUrl(String host, int port, ClusterConfig config) {
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + URLEncoder.encode(config.database(), StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Cloning and rewinding

    /** Fills the (empty) data directory of {@code node} from the running writer; returns how, for the log. */
    private String cloneFrom(NodeRuntime node, NodeRuntime writer, Deadline deadline, String who) {
        if (hasTool(node, "pg_basebackup", deadline)) {
            Map<String, String> source = new LinkedHashMap<>();
            source.put("host", writer.peerHost());
            source.put("port", Integer.toString(writer.peerPort()));
            source.put("user", credentials(node).user());
            source.put("passfile", node.runDir() + "/" + PASSFILE);
            source.put("application_name", "aurora-testcluster-clone");
            source.put("connect_timeout", "5");
            node.exec(deadline.left(who, "pg_basebackup"), "pg_basebackup", List.of("-D", node.dataDir(),
                    "-d", conninfo(source), "-X", "stream", "-c", "fast", "--no-sync", "-w",
                    "--label=aurora-testcluster clone of " + writer.id()));
            return "pg_basebackup";
        }
        lowLevelClone(node, writer, deadline, who);
        return "pg_backup_start and a file copy";
    }

    /**
     * Clones without {@code pg_basebackup} (Zonky's binaries lack it): the low-level backup API on the writer around
     * a copy of its data directory. The copy goes through this JVM's filesystem, so both data directories must be
     * local to it (the process backend); WAL reaches the clone by streaming from the writer afterwards.
     */
    private void lowLevelClone(NodeRuntime node, NodeRuntime writer, Deadline deadline, String who) {
        Path source = Path.of(writer.dataDir());
        Path target = Path.of(node.dataDir());
        if (!Files.isDirectory(source) || !Files.isDirectory(target)) {
            throw new TestClusterException(who + ": these binaries have no pg_basebackup, and the data directories of "
                    + writer.id() + " and " + node.id() + " are not both visible to this JVM for a file copy; use "
                    + "PostgreSQL binaries with pg_basebackup (Debian package postgresql-15)");
        }
        try (Connection c = admin(writer, deadline.left(who, "the base backup")); Statement s = c.createStatement()) {
            s.execute("SELECT pg_backup_start(" + literal("aurora-testcluster clone of " + writer.id()) + ", true)");
            copyDataDir(source, target, deadline, who);
            try (ResultSet rs = s.executeQuery("SELECT labelfile, spcmapfile FROM pg_backup_stop(false)")) {
                rs.next();
                node.writeFile("backup_label", rs.getString(1));
                String spcmap = rs.getString(2);
                if (spcmap != null && !spcmap.isEmpty()) {
                    node.writeFile("tablespace_map", spcmap);
                }
            }
        } catch (SQLException e) {
            throw new TestClusterException(who + ": base backup of " + writer.id() + " failed: " + e.getMessage(), e);
        }
    }

    /** Copies a running data directory, keeping owners and modes, leaving out what basebackup.c leaves out. */
    private static void copyDataDir(Path source, Path target, Deadline deadline, String who) {
        try {
            Files.walkFileTree(source, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    deadline.left(who, "copying " + dir);
                    if (dir.equals(source)) {
                        return FileVisitResult.CONTINUE; // the target data directory exists, empty
                    }
                    Path relative = source.relativize(dir);
                    String name = dir.getFileName().toString();
                    if (name.startsWith("pgsql_tmp")) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    try {
                        Files.copy(dir, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException vanished) {
                        return FileVisitResult.SKIP_SUBTREE; // e.g. a database dropped while we copied
                    }
                    if (relative.getNameCount() == 1 && EMPTY_DIRS.contains(name)) {
                        if (name.equals("pg_wal")) {
                            Files.copy(dir.resolve("archive_status"), target.resolve("pg_wal/archive_status"),
                                    StandardCopyOption.COPY_ATTRIBUTES);
                        }
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    if (relative.getNameCount() == 1 && name.equals("pg_tblspc")) {
                        try (var entries = Files.list(dir)) {
                            if (entries.findAny().isPresent()) {
                                throw new IOException("tablespaces are not supported by the file-copy clone");
                            }
                        }
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Path relative = source.relativize(file);
                    String name = file.getFileName().toString();
                    if ((relative.getNameCount() == 1 && SKIP_FILES.contains(name))
                            || name.equals("pg_internal.init") || name.startsWith("pgsql_tmp")) {
                        return FileVisitResult.CONTINUE;
                    }
                    try {
                        Files.copy(file, target.resolve(relative.toString()), StandardCopyOption.COPY_ATTRIBUTES,
                                StandardCopyOption.REPLACE_EXISTING);
                    } catch (NoSuchFileException vanished) {
                        // dropped while we copied: WAL replay from the backup start recreates what matters
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                    if (e instanceof NoSuchFileException) {
                        return FileVisitResult.CONTINUE;
                    }
                    throw e;
                }
            });
        } catch (IOException e) {
            throw new TestClusterException(who + ": cannot copy " + source + " to " + target + ": " + e, e);
        }
    }

    /**
     * Whether the node's binaries have {@code tool}, found by running {@code tool --version}: the runtime refuses a
     * tool its binaries lack (Zonky's bundle has no pg_basebackup or pg_rewind), and a tool that does not even
     * report its version would not do its job either.
     */
    private static boolean hasTool(NodeRuntime node, String tool, Deadline deadline) {
        try {
            node.exec(deadline.remainingAtMost(PROBE), tool, List.of("--version"));
            return true;
        } catch (TestClusterException e) {
            LOG.fine(() -> "node " + node.id() + ": no usable " + tool + ": " + e.getMessage());
            return false;
        }
    }

    /**
     * Makes a stopped former writer a copy of {@code writer}'s history with pg_rewind; throws when it cannot.
     *
     * @return pg_rewind's verdict for the log (where the servers diverged, or that no rewind was needed)
     */
    private String rewind(NodeRuntime oldWriter, NodeRuntime writer, Deadline deadline, String who) {
        if (oldWriter.readFile("postmaster.pid") != null) {
            // Killed, not shut down: pg_rewind wants a cleanly shut down target. Single-user mode runs crash
            // recovery, then exits at the end of its (empty) standard input with a shutdown checkpoint.
            LOG.info(who + ": was not shut down cleanly; running crash recovery in single-user mode first");
            oldWriter.exec(deadline.left(who, "crash recovery"), "postgres",
                    List.of("--single", "-D", oldWriter.dataDir(), "-c", "listen_addresses=", "postgres"));
        }
        // Right after a promotion the new writer's control file may still name the old timeline until its first
        // checkpoint, and pg_rewind would then see nothing to rewind.
        try (Connection c = admin(writer, deadline.left(who, "a checkpoint on " + writer.id())); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot checkpoint " + writer.id() + " before pg_rewind: " + e.getMessage(), e);
        }
        Map<String, String> source = new LinkedHashMap<>();
        source.put("host", writer.peerHost());
        source.put("port", Integer.toString(writer.peerPort()));
        source.put("user", credentials(oldWriter).user());
        source.put("passfile", oldWriter.runDir() + "/" + PASSFILE);
        source.put("dbname", "postgres");
        source.put("connect_timeout", "5");
        String out = oldWriter.exec(deadline.left(who, "pg_rewind"), "pg_rewind",
                List.of("-D", oldWriter.dataDir(), "--source-server=" + conninfo(source), "--no-sync"));
        if (out.contains("no rewind required")) {
            return "no rewind required";
        }
        return out.lines().filter(l -> l.contains("servers diverged")).map(l -> l.replaceFirst("^pg_rewind: ", "").strip())
                .findFirst().orElse("rewound");
    }

    /** Writes the node's whole configuration as a standby of {@code writer}: conf, hba, auto.conf, standby.signal. */
    private void configureAsStandby(NodeRuntime node, NodeRuntime writer, ClusterConfig config) {
        writeConfig(node, config);
        node.writeFile("postgresql.auto.conf", autoConf(Map.of("primary_conninfo", primaryConninfo(node, writer, config))));
        node.writeFile("standby.signal", "");
    }

    private void writeConfig(NodeRuntime node, ClusterConfig config) {
        List<String> extra = new ArrayList<>(metadata.nodeConfig(node.id()));
        if (config.tls() != null) {
            TlsFiles.write(node, config);
            extra.addAll(tlsConf(TlsFiles.path(node, TlsFiles.CERTIFICATE), TlsFiles.path(node, TlsFiles.KEY),
                    TlsFiles.path(node, TlsFiles.CA)));
        }
        node.writeFile("postgresql.conf", postgresqlConf(node.id(), node.listenHost(), node.listenPort(), node.runDir(), extra));
        node.writeFile("pg_hba.conf", pgHbaConf(node.clientNetworks(), config.tls() != null ? config.user() : null));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Waiting

    private void awaitCaughtUp(NodeRuntime replica, NodeRuntime writer, Deadline deadline, String who) {
        long target;
        try (Connection w = admin(writer, deadline.left(who, "reading the writer's position"))) {
            target = receivedPosition(w);
        } catch (SQLException e) {
            throw new TestClusterException(who + ": cannot read the position of writer " + writer.id() + ": " + e.getMessage(), e);
        }
        await(replica, deadline, "replaying up to " + formatLsn(target) + " of " + writer.id(), c -> {
            long applied = appliedPosition(c);
            return applied >= target ? null : "replayed up to " + formatLsn(applied);
        });
    }

    private void awaitStreamingFrom(NodeRuntime replica, NodeRuntime writer, Deadline deadline) {
        await(replica, deadline, "streaming from " + writer.id() + " at " + writer.peerHost() + ":" + writer.peerPort(), c -> {
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT status, sender_host, sender_port FROM pg_stat_wal_receiver")) {
                if (!rs.next()) {
                    return "no WAL receiver";
                }
                String status = rs.getString(1);
                String host = rs.getString(2);
                int port = rs.getInt(3);
                boolean done = "streaming".equals(status) && writer.peerHost().equals(host) && writer.peerPort() == port;
                return done ? null : "WAL receiver " + status + " from " + host + ":" + port;
            }
        });
    }

    private void awaitSetting(NodeRuntime node, Deadline deadline, String name, String expected) {
        await(node, deadline, name + " = '" + expected + "' in effect", c -> {
            String actual = null;
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT setting FROM pg_settings WHERE name = " + literal(name))) {
                if (rs.next()) {
                    actual = rs.getString(1);
                }
            }
            return expected.equals(actual) ? null : "still '" + actual + "'";
        });
    }

    /** What is still pending ({@code null}: done), asked of an admin connection. */
    @FunctionalInterface
    private interface Check {
        String pending(Connection admin) throws SQLException;
    }

    /**
     * Polls {@code check} on one admin connection (reopened after an error) until it passes, the server exits or
     * the deadline passes; the two failures throw with the server's log tail.
     */
    private void await(NodeRuntime node, Deadline deadline, String what, Check check) {
        Connection c = null;
        String last = "no connection attempt yet";
        try {
            while (true) {
                try {
                    if (c == null) {
                        c = admin(node, deadline.remainingAtMost(PROBE));
                    }
                    last = check.pending(c);
                    if (last == null) {
                        return;
                    }
                } catch (SQLException e) {
                    last = e.getMessage();
                    closeQuietly(c);
                    c = null;
                }
                if (!node.serverAlive()) {
                    throw new TestClusterException("node " + node.id() + ": the server exited before " + what
                            + " (last: " + last + "); server log:\n" + node.logTail(30));
                }
                if (deadline.expired()) {
                    throw new TestClusterException("node " + node.id() + ": not " + what + " within " + deadline.timeoutMillis()
                            + " ms (last: " + last + "); server log:\n" + node.logTail(30));
                }
                sleep(POLL);
            }
        } finally {
            closeQuietly(c);
        }
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while waiting for a PostgreSQL server", e);
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // the connection is broken already; nothing to release
            }
        }
    }

    private static long queryLong(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Credentials

    /** The admin credentials; on a clone of an initialised writer, the application database as admin database too. */
    private static void writeCredentials(NodeRuntime node, ClusterConfig config) {
        node.writeFile(node.runDir() + "/" + PASSFILE, passfileLine(config.adminUser(), config.adminPassword()));
    }

    /**
     * From now on {@link #admin} connects to the application database, where the Aurora metadata emulation lives
     * (PostgreSQL keeps functions and tables per database). Before it exists, admin connections use {@code postgres}.
     */
    private static void writeAdminDatabase(NodeRuntime node, ClusterConfig config) {
        node.writeFile(node.runDir() + "/" + ADMIN_DATABASE_FILE, config.database());
    }

    private static String adminDatabase(NodeRuntime node) {
        String database = node.readFile(node.runDir() + "/" + ADMIN_DATABASE_FILE);
        return database == null || database.isBlank() ? "postgres" : database.trim();
    }

    private static Credentials credentials(NodeRuntime node) {
        String content = node.readFile(node.runDir() + "/" + PASSFILE);
        if (content == null) {
            throw new TestClusterException("node " + node.id() + " has no admin credentials (" + PASSFILE
                    + " in its run directory): it was not initialised by initWriter, initReplica or rejoin");
        }
        return parsePassfileLine(content);
    }

    /** The admin user and password. */
    record Credentials(String user, String password) {
        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    /** A libpq password-file line for any host, port and database: {@code *:*:*:user:password}, escaped. */
    static String passfileLine(String user, String password) {
        return "*:*:*:" + escapePassfile(user) + ":" + escapePassfile(password) + "\n";
    }

    /** Reads back what {@link #passfileLine} wrote. */
    static Credentials parsePassfileLine(String content) {
        String line = content.strip();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '\\' && i + 1 < line.length()) {
                field.append(line.charAt(++i));
            } else if (ch == ':' && fields.size() < 4) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(ch);
            }
        }
        fields.add(field.toString());
        if (fields.size() != 5) {
            throw new TestClusterException("malformed " + PASSFILE + ": expected host:port:database:user:password");
        }
        return new Credentials(fields.get(3), fields.get(4));
    }

    private static String escapePassfile(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new TestClusterException("a PostgreSQL user name or password must not contain a line break");
        }
        return value.replace("\\", "\\\\").replace(":", "\\:");
    }

    // ---------------------------------------------------------------------------------------------------------
    // Generated text (pure functions, unit-tested)

    /** The whole {@code postgresql.conf} of a node; {@code extra} lines (the Aurora metadata's) come last and win. */
    static String postgresqlConf(String nodeId, String host, int port, String runDir, List<String> extra) {
        StringBuilder b = new StringBuilder();
        b.append("# Generated by aurora-jdbc's test cluster for node ").append(nodeId).append(".\n");
        b.append("# Rewritten after every clone and rewind; per-node replication settings are in postgresql.auto.conf.\n\n");
        b.append("listen_addresses = ").append(guc(host)).append('\n');
        b.append("port = ").append(port).append('\n');
        b.append("unix_socket_directories = ").append(guc(runDir)).append('\n');
        b.append("max_connections = 1200\n");
        b.append("password_encryption = scram-sha-256\n\n");
        b.append("# Small: a writer and 15 replicas share 2 cores.\n");
        b.append("shared_buffers = 32MB\n");
        b.append("max_parallel_workers_per_gather = 0\n");
        b.append("jit = off\n\n");
        b.append("# Replication. No slots: wal_keep_size holds what replicas and rejoining nodes need.\n");
        b.append("wal_level = replica\n");
        b.append("max_wal_senders = 20\n");
        b.append("max_replication_slots = 20\n");
        b.append("wal_keep_size = 1GB\n");
        b.append("wal_log_hints = on\n");
        b.append("hot_standby = on\n");
        b.append("hot_standby_feedback = on\n");
        b.append("recovery_target_timeline = 'latest'\n");
        b.append("wal_receiver_status_interval = 1s\n");
        b.append("wal_retrieve_retry_interval = 200ms\n");
        b.append("wal_receiver_timeout = 10s\n");
        b.append("wal_sender_timeout = 10s\n\n");
        b.append("# Durability: a SIGKILLed server loses nothing the kernel has; pg_rewind needs full_page_writes.\n");
        b.append("fsync = off\n");
        b.append("full_page_writes = on\n\n");
        b.append("# Logging to stderr, which the runtime appends to run/server.log.\n");
        b.append("logging_collector = off\n");
        b.append("log_destination = 'stderr'\n");
        b.append("log_line_prefix = '%m [%p] %q%a '\n");
        b.append("log_checkpoints = off\n");
        b.append("log_timezone = 'UTC'\n\n");
        b.append("timezone = 'UTC'\n");
        b.append("datestyle = 'iso, mdy'\n");
        b.append("lc_messages = 'C'\n");
        b.append("lc_monetary = 'C'\n");
        b.append("lc_numeric = 'C'\n");
        b.append("lc_time = 'C'\n");
        b.append("default_text_search_config = 'pg_catalog.english'\n");
        if (!extra.isEmpty()) {
            b.append("\n# Aurora metadata emulation\n");
            extra.forEach(line -> b.append(line).append('\n'));
        }
        return b.toString();
    }

    /** Password authentication over TCP on loopback for everything, replication included; trust on the socket. */
    static String pgHbaConf() {
        return pgHbaConf(List.of("127.0.0.0/8"));
    }

    /** Password authentication over TCP from {@code networks} for everything, replication included; trust on the socket. */
    static String pgHbaConf(List<String> networks) {
        return pgHbaConf(networks, null);
    }

    /**
     * As {@link #pgHbaConf(List)}; when {@code tlsOnlyUser} is not null, that user's connections without TLS are
     * rejected (the application user of a cluster with TLS: its monitor and probes must not fall back to plaintext).
     */
    static String pgHbaConf(List<String> networks, String tlsOnlyUser) {
        StringBuilder b = new StringBuilder("# Generated by aurora-jdbc's test cluster.\n"
                + "# TYPE  DATABASE     USER  ADDRESS       METHOD\n"
                + "local   all          all                 trust\n"
                + "local   replication  all                 trust\n");
        if (tlsOnlyUser != null) {
            b.append("hostnossl all        \"").append(tlsOnlyUser.replace("\"", "\"\"")).append("\" all    reject\n");
        }
        for (String network : networks) {
            b.append(String.format(Locale.ROOT, "host    all          all   %-13s scram-sha-256\n", network));
            b.append(String.format(Locale.ROOT, "host    replication  all   %-13s scram-sha-256\n", network));
        }
        return b.toString();
    }

    /** The TLS lines of a node's {@code postgresql.conf}: its certificate and key, and the CA (for client certificates). */
    static List<String> tlsConf(String certificate, String key, String ca) {
        return List.of("ssl = on", "ssl_cert_file = " + guc(certificate), "ssl_key_file = " + guc(key),
                "ssl_ca_file = " + guc(ca), "ssl_min_protocol_version = 'TLSv1.2'");
    }

    /** A {@code postgresql.auto.conf} holding {@code settings}, as ALTER SYSTEM would write it. */
    static String autoConf(Map<String, String> settings) {
        StringBuilder b = new StringBuilder("# Do not edit this file manually!\n# It will be overwritten by the ALTER SYSTEM command.\n");
        settings.forEach((k, v) -> b.append(k).append(" = ").append(guc(v)).append('\n'));
        return b.toString();
    }

    /** The replica's connection to its writer: as the admin user, password from the replica's passfile. */
    private static String primaryConninfo(NodeRuntime replica, NodeRuntime writer, ClusterConfig config) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("host", writer.peerHost());
        c.put("port", Integer.toString(writer.peerPort()));
        c.put("user", config.adminUser());
        c.put("passfile", replica.runDir() + "/" + PASSFILE);
        c.put("application_name", replica.id());
        c.put("connect_timeout", "2");
        return conninfo(c);
    }

    /** A libpq connection string: {@code key='value' ...} with {@code \} and {@code '} escaped. */
    static String conninfo(Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        params.forEach((k, v) -> {
            if (b.length() > 0) {
                b.append(' ');
            }
            b.append(k).append("='").append(v.replace("\\", "\\\\").replace("'", "\\'")).append('\'');
        });
        return b.toString();
    }

    /** {@code ANY 1 ("a","b")}: any one of the standbys acknowledges, so one being down blocks nothing; empty: async. */
    static String synchronousStandbyNames(List<String> ids) {
        if (ids.isEmpty()) {
            return "";
        }
        List<String> quoted = new ArrayList<>();
        ids.forEach(id -> quoted.add('"' + id.replace("\"", "\"\"") + '"'));
        return "ANY 1 (" + String.join(",", quoted) + ")";
    }

    /** {@code 0/3000148} for a position in bytes. */
    static String formatLsn(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(java.util.Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(java.util.Locale.ROOT);
    }

    /** A string value in a configuration file. */
    private static String guc(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A SQL string literal (standard_conforming_strings is on). */
    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    /** A SQL identifier, always quoted (exact case). */
    static String ident(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    private static String who(ClusterConfig config, NodeRuntime node) {
        return "[" + config.clusterId() + "] node " + node.id();
    }
}
