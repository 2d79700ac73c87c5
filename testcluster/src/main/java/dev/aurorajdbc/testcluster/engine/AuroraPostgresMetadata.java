package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.AuroraMetadata;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * Makes a PostgreSQL cluster answer Aurora PostgreSQL's metadata queries, so that Aurora clients such as the AWS
 * Advanced JDBC Wrapper see an Aurora cluster.
 *
 * <h2>What Aurora clients see</h2>
 * <ul>
 *   <li>{@code pg_catalog.aurora_replica_status()}: Aurora's 22 columns, in Aurora's order, one row per published
 *       instance. The writer's {@code session_id} is {@code MASTER_SESSION_ID}, a reader's is a UUID (stable per
 *       instance id); {@code replica_lag_in_msec} is {@code NULL} for the writer; {@code last_update_timestamp} is
 *       {@code NULL} in the row of the instance the session is connected to (as on Aurora PostgreSQL 13.9 and later),
 *       else the time the control plane last heard from the instance; {@code is_current} is {@code true},
 *       {@code last_transport_error} 0, {@code cpu} the published figure; the storage and log statistics (LSNs,
 *       I/O counts, replay latency, feedback xmin) are {@code NULL}. AWS documents the names and order of these
 *       columns but not their types; the types here ({@code text}, {@code bigint} for LSNs and counters,
 *       {@code real} for lag, speed and CPU, {@code timestamptz}) follow Aurora's published output.</li>
 *   <li>{@code pg_catalog.aurora_db_instance_identifier()}: the node's own id, from the setting
 *       {@value #INSTANCE_ID_SETTING} that {@link #nodeConfig} puts into each node's {@code postgresql.conf}.</li>
 *   <li>The setting {@code rds.extensions} (containing {@code aurora_stat_utils}), visible to {@code SHOW},
 *       {@code current_setting()} and, through a modified {@code pg_catalog.pg_settings} view, to the query the AWS
 *       wrapper detects Aurora PostgreSQL with: the wrapper recognises the cluster without {@code wrapperDialect}.</li>
 * </ul>
 * Everything lives in the database that {@link #install} and {@link #publish} are given a connection to, and
 * replicates physically to every replica. The published rows are in {@code aurora_emulation.replica_status}, which
 * everyone may read and only the control plane writes. The SQL is in {@code aurora-postgresql.sql} beside this
 * package's resources.
 *
 * <h2>What differs from Aurora</h2>
 * <ul>
 *   <li>Only the database the control plane installed into has the functions: PostgreSQL's catalogs are per
 *       database (Aurora has them in every database). The control plane must install into and publish to the
 *       database its clients use.</li>
 *   <li>{@code pg_catalog.pg_settings} is redefined (same columns, privileges and update rules, one row more).
 *       Placeholder settings cannot be listed otherwise; a view earlier on the search path does not help because
 *       Aurora clients name {@code pg_catalog.pg_settings} explicitly.</li>
 *   <li>{@value #INSTANCE_ID_SETTING} and {@code rds.extensions} are placeholder settings: a session may {@code SET}
 *       them for itself, and {@code aurora_db_instance_identifier()} then answers what the session set.</li>
 *   <li>Replicas are PostgreSQL standbys: {@code pg_is_in_recovery()} (the wrapper's is-reader query) is the engine's
 *       real answer, not emulated. A reader whose replay lags also sees the published topology late, as an Aurora
 *       reader's copy of {@code aurora_replica_status()} can be.</li>
 *   <li>Not emulated: {@code aurora_version()}, Aurora Global Database, Limitless and blue/green functions, and the
 *       statistics columns named above.</li>
 * </ul>
 * Needs PostgreSQL 14 or later.
 */
public final class AuroraPostgresMetadata implements AuroraMetadata {
    private static final Logger LOG = Logger.getLogger(AuroraPostgresMetadata.class.getName());

    /** The custom setting holding a node's instance id. */
    public static final String INSTANCE_ID_SETTING = "aurora_emulation.instance_id";

    /** The value of {@code rds.extensions} on every node; the AWS wrapper looks for {@code aurora_stat_utils} in it. */
    public static final String RDS_EXTENSIONS = "aurora_stat_utils, plpgsql";

    /** {@code session_id} of the writer's row, as on Aurora. */
    public static final String WRITER_SESSION_ID = "MASTER_SESSION_ID";

    static final String INSTALL_SCRIPT = "/dev/aurorajdbc/testcluster/aurora-postgresql.sql";

    /** Aurora instance identifiers: letters, digits and hyphens; we also allow '.' and '_'. */
    private static final Pattern INSTANCE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    /**
     * Bounds every lock wait of install and publish. Publishing also commits without waiting for synchronous
     * standbys: the control plane must not block on a hung replica, and it republishes every second anyway.
     */
    private static final String INSTALL_SETTINGS = "SET LOCAL lock_timeout = '30s'";
    private static final String PUBLISH_SETTINGS = "SET LOCAL lock_timeout = '5s'; SET LOCAL statement_timeout = '10s';"
            + " SET LOCAL synchronous_commit = local";
    private static final String DELETE_ALL = "DELETE FROM aurora_emulation.replica_status";
    private static final String INSERT = "INSERT INTO aurora_emulation.replica_status"
            + " (server_id, session_id, replica_lag_in_msec, last_update_timestamp, cpu) VALUES (?, ?, ?, ?, ?)";

    /** Creates the emulation; it holds no state. */
    public AuroraPostgresMetadata() {
    }

    @Override
    public List<String> nodeConfig(String nodeId) {
        checkInstanceId(nodeId);
        return List.of(
                "# Aurora PostgreSQL emulation: this node's instance id and the settings Aurora clients check",
                INSTANCE_ID_SETTING + " = '" + nodeId + "'",
                "rds.extensions = '" + RDS_EXTENSIONS + "'");
    }

    /**
     * {@inheritDoc}
     *
     * <p>Installs into the database {@code writerAdmin} is connected to, in one transaction that this method commits
     * (the connection's auto-commit mode is left as it was). Idempotent. Needs a superuser.
     */
    @Override
    public void install(Connection writerAdmin) throws SQLException {
        String where = describe(writerAdmin);
        requireSuperuser(writerAdmin, where);
        List<String> statements = statements(loadScript(INSTALL_SCRIPT));
        inTransaction(writerAdmin, () -> {
            try (Statement st = writerAdmin.createStatement()) {
                st.execute(INSTALL_SETTINGS);
                for (String sql : statements) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new SQLException("cannot install the Aurora PostgreSQL emulation in " + where + ": "
                                + e.getMessage() + "\nin: " + firstLine(sql), e.getSQLState(), e.getErrorCode(), e);
                    }
                }
            }
        });
        LOG.info(() -> "installed the Aurora PostgreSQL emulation in " + where);
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction, which this method commits (the connection's auto-commit mode is left as it was), with lock
     * waits bounded to 5 s and without waiting for synchronous standbys.
     *
     * @throws IllegalArgumentException when an instance id is invalid or listed twice, a lag is negative or a CPU
     *         figure is not a number
     */
    @Override
    public void publish(Connection writerAdmin, List<InstanceStatus> instances) throws SQLException {
        checkInstances(instances);
        try {
            inTransaction(writerAdmin, () -> {
                try (Statement delete = writerAdmin.createStatement();
                        PreparedStatement insert = writerAdmin.prepareStatement(INSERT)) {
                    delete.execute(PUBLISH_SETTINGS);
                    delete.executeUpdate(DELETE_ALL);
                    for (InstanceStatus instance : instances) {
                        insert.setString(1, instance.serverId());
                        insert.setString(2, sessionId(instance));
                        if (instance.writer()) {
                            insert.setNull(3, Types.REAL);
                        } else {
                            insert.setFloat(3, instance.replicaLagMillis());
                        }
                        insert.setObject(4, OffsetDateTime.ofInstant(Instant.ofEpochMilli(instance.lastUpdateMillis()),
                                ZoneOffset.UTC));
                        insert.setFloat(5, (float) instance.cpu());
                        insert.addBatch();
                    }
                    if (!instances.isEmpty()) {
                        insert.executeBatch();
                    }
                }
            });
        } catch (SQLException e) {
            throw new SQLException("cannot publish the Aurora topology in " + describe(writerAdmin) + ": "
                    + e.getMessage(), e.getSQLState(), e.getErrorCode(), e);
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("published the Aurora topology " + instances);
        }
    }

    /**
     * Splits the install script into statements, by its layout (pgjdbc cannot split SQL-standard function bodies):
     * a statement ends with {@code ;} at the end of a line, except between a line {@code BEGIN ATOMIC} and a line
     * {@code END;}, which end a function body; {@code --} comment lines are dropped.
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inBody = false;
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty() && current.length() == 0) {
                continue;
            }
            boolean ends;
            if (inBody) {
                ends = trimmed.equalsIgnoreCase("END;");
                inBody = !ends;
            } else {
                inBody = trimmed.equalsIgnoreCase("BEGIN ATOMIC");
                ends = trimmed.endsWith(";");
            }
            if (ends) {
                current.append(trimmed, 0, trimmed.length() - 1);
                statements.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("the script ends inside a statement (missing ';'"
                    + (inBody ? " or the line 'END;'" : "") + "): " + firstLine(current.toString().strip()));
        }
        return statements;
    }

    static String firstLine(String sql) {
        int end = sql.indexOf('\n');
        return end < 0 ? sql : sql.substring(0, end) + " ...";
    }

    /** The {@code session_id} of an instance's row: {@value #WRITER_SESSION_ID} or a UUID stable per instance id. */
    static String sessionId(InstanceStatus instance) {
        if (instance.writer()) {
            return WRITER_SESSION_ID;
        }
        return UUID.nameUUIDFromBytes(("aurora-emulation/" + instance.serverId()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    static void checkInstanceId(String id) {
        if (id == null || !INSTANCE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid Aurora instance id '" + id
                    + "': expected 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    static void checkInstances(List<InstanceStatus> instances) {
        Objects.requireNonNull(instances, "instances");
        Set<String> seen = new HashSet<>();
        for (InstanceStatus instance : instances) {
            Objects.requireNonNull(instance, "instance");
            checkInstanceId(instance.serverId());
            if (!seen.add(instance.serverId())) {
                throw new IllegalArgumentException("instance " + instance.serverId() + " is listed twice in " + instances);
            }
            if (instance.replicaLagMillis() < 0) {
                throw new IllegalArgumentException("negative replica lag for instance " + instance.serverId() + ": "
                        + instance.replicaLagMillis() + " ms");
            }
            if (!Double.isFinite(instance.cpu())) {
                throw new IllegalArgumentException("CPU figure of instance " + instance.serverId() + " is not a number: "
                        + instance.cpu());
            }
        }
    }

    private static void requireSuperuser(Connection c, String where) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_user, rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
            rs.next();
            if (!rs.getBoolean(2)) {
                throw new SQLException("cannot install the Aurora PostgreSQL emulation in " + where + ": role "
                        + rs.getString(1) + " is not a superuser (functions go into pg_catalog)", "42501");
            }
        }
    }

    /** {@code database 'app' on 127.0.9.21:5432}, for messages; never the user's password. */
    private static String describe(Connection c) {
        try {
            String url = c.getMetaData().getURL();
            String hostPort = url == null ? "?" : url.replaceFirst("^jdbc:postgresql://", "").replaceFirst("[/?].*$", "");
            return "database '" + c.getCatalog() + "' on " + hostPort;
        } catch (SQLException e) {
            return "the writer's database";
        }
    }

    static String loadScript(String resource) {
        try (InputStream in = AuroraPostgresMetadata.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("resource " + resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read resource " + resource + ": " + e, e);
        }
    }

    /** Runs {@code work} and commits it, leaving the connection's auto-commit mode as it found it. */
    private static void inTransaction(Connection c, SqlWork work) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        if (autoCommit) {
            c.setAutoCommit(false);
        }
        try {
            work.run();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            throw e;
        } finally {
            if (autoCommit) {
                c.setAutoCommit(true);
            }
        }
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }
}
