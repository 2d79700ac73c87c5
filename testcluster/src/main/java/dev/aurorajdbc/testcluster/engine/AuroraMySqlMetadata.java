package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.AuroraMetadata;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The closest a MySQL-compatible server (MariaDB 10.11 or later, MySQL 8.0.30 or later) can come to Aurora MySQL's
 * cluster metadata.
 *
 * <h2>What clients see</h2>
 * <ul>
 *   <li>The table {@code aurora_emulation.replica_host_status}, shaped like Aurora's
 *       {@code information_schema.replica_host_status}: the columns Aurora documents as usable, with Aurora's types
 *       ({@code SERVER_ID}, {@code SESSION_ID} varchar(100), {@code CPU} double, {@code IS_CURRENT} tinyint,
 *       {@code LAST_UPDATE_TIMESTAMP} datetime(6) in UTC, {@code REPLICA_LAG_IN_MILLISECONDS} double), plus the ones
 *       public monitoring tools read ({@code MASTER_SLAVE_LATENCY_IN_MICROSECONDS},
 *       {@code LOG_STREAM_SPEED_IN_KiB_PER_SECOND}, {@code CURRENT_REPLAY_LATENCY_IN_MICROSECONDS}). One row per
 *       published instance: the writer's {@code SESSION_ID} is {@code MASTER_SESSION_ID} and its lag 0, a reader's
 *       {@code SESSION_ID} is a UUID stable per instance id; {@code IS_CURRENT} is 1; the latency and speed
 *       columns are {@code NULL}.</li>
 *   <li>The function {@code aurora_emulation.aurora_server_id()}, standing in for {@code @@aurora_server_id}: the
 *       node's {@code report_host}, which the engine sets to the node id.</li>
 * </ul>
 * Everyone may read the table and call the function (MariaDB: {@code GRANT ... TO PUBLIC}; MySQL: the mandatory role
 * {@value #READER_ROLE}); only the control plane writes.
 * Everything replicates to the replicas through the binary log. The SQL is in {@code aurora-mysql.sql} beside this
 * package's resources.
 *
 * <h2>What cannot be emulated</h2>
 * <ul>
 *   <li>{@code information_schema} cannot be extended, so queries naming
 *       {@code information_schema.replica_host_status} (the AWS Advanced JDBC Wrapper's topology and writer-id
 *       queries) fail; a client must be pointed at {@code aurora_emulation.replica_host_status} instead.</li>
 *   <li>System variables cannot be added without a server plugin: {@code @@aurora_server_id} and
 *       {@code @@aurora_version} do not exist, so the AWS wrapper's Aurora MySQL detection
 *       ({@code SHOW VARIABLES LIKE 'aurora_version'}) and instance-id query fail even with
 *       {@code wrapperDialect=aurora-mysql}.</li>
 *   <li>The wrapper's is-reader query, {@code SELECT @@innodb_read_only}, answers 0 on every node: replicas are
 *       {@code read_only}, and a replica with {@code innodb_read_only} could not apply the writer's changes.</li>
 *   <li>The columns Aurora reserves for internal use, and its other tables ({@code mysql.ro_replica_status},
 *       Global Database tables).</li>
 * </ul>
 * Like Aurora's, the timestamps are in UTC: the staleness test clients run ({@code now()} against
 * {@code LAST_UPDATE_TIMESTAMP}) holds in sessions whose time zone is UTC, the nodes' default.
 */
public final class AuroraMySqlMetadata implements AuroraMetadata {
    private static final Logger LOG = Logger.getLogger(AuroraMySqlMetadata.class.getName());

    static final String INSTALL_SCRIPT = "/dev/aurorajdbc/testcluster/aurora-mysql.sql";
    /**
     * On MySQL, the role that may read the emulation (MySQL has no {@code GRANT ... TO PUBLIC}); the MySQL engine names it
     * in every node's {@code mandatory_roles}, with {@code activate_all_roles_on_login}, so every account has it.
     */
    public static final String READER_ROLE = "aurora_emulation_reader";

    private static final String DELETE_ALL = "DELETE FROM aurora_emulation.replica_host_status";
    /**
     * The server turns epoch milliseconds into the UTC datetime: Connector/J drops the fractional seconds of the
     * temporal values it sends to MariaDB (whose handshake announces version 5.5.5), and a number has no time zone.
     */
    private static final String INSERT = "INSERT INTO aurora_emulation.replica_host_status"
            + " (SERVER_ID, SESSION_ID, CPU, LAST_UPDATE_TIMESTAMP, REPLICA_LAG_IN_MILLISECONDS, IS_CURRENT)"
            + " VALUES (?, ?, ?, TIMESTAMP'1970-01-01 00:00:00' + INTERVAL (? * 1000) MICROSECOND, ?, 1)";

    /** Creates the emulation; it holds no state. */
    public AuroraMySqlMetadata() {
    }

    /**
     * None: a MariaDB node's identity is its {@code report_host}, which the engine sets, and the variables Aurora
     * clients check cannot be declared in an option file (the server would refuse to start).
     */
    @Override
    public List<String> nodeConfig(String nodeId) {
        AuroraPostgresMetadata.checkInstanceId(nodeId);
        return List.of();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Statement by statement (MySQL's DDL is not transactional); idempotent. Needs an administrator who may create
     * databases and functions and grant to {@code PUBLIC}.
     */
    @Override
    public void install(Connection writerAdmin) throws SQLException {
        List<String> statements = new ArrayList<>(statements(AuroraPostgresMetadata.loadScript(INSTALL_SCRIPT)));
        statements.addAll(readerGrants(writerAdmin.getMetaData().getDatabaseProductVersion()));
        try (Statement st = writerAdmin.createStatement()) {
            for (String sql : statements) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    throw new SQLException("cannot install the Aurora MySQL emulation on " + describe(writerAdmin) + ": "
                            + e.getMessage() + "\nin: " + AuroraPostgresMetadata.firstLine(sql), e.getSQLState(), e.getErrorCode(), e);
                }
            }
        }
        LOG.info(() -> "installed the Aurora MySQL emulation on " + describe(writerAdmin));
    }

    /**
     * {@inheritDoc}
     *
     * <p>One transaction, which this method commits (the connection's auto-commit mode is left as it was).
     *
     * @throws IllegalArgumentException when an instance id is invalid or listed twice, a lag is negative or a CPU
     *         figure is not a number
     */
    @Override
    public void publish(Connection writerAdmin, List<InstanceStatus> instances) throws SQLException {
        AuroraPostgresMetadata.checkInstances(instances);
        boolean autoCommit = writerAdmin.getAutoCommit();
        if (autoCommit) {
            writerAdmin.setAutoCommit(false);
        }
        try (Statement delete = writerAdmin.createStatement();
                PreparedStatement insert = writerAdmin.prepareStatement(INSERT)) {
            delete.executeUpdate(DELETE_ALL);
            for (InstanceStatus instance : instances) {
                insert.setString(1, instance.serverId());
                insert.setString(2, AuroraPostgresMetadata.sessionId(instance));
                insert.setDouble(3, instance.cpu());
                insert.setLong(4, instance.lastUpdateMillis());
                insert.setDouble(5, instance.writer() ? 0 : instance.replicaLagMillis());
                insert.addBatch();
            }
            if (!instances.isEmpty()) {
                insert.executeBatch();
            }
            writerAdmin.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                writerAdmin.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            if (e instanceof SQLException) {
                SQLException s = (SQLException) e;
                throw new SQLException("cannot publish the Aurora topology on " + describe(writerAdmin) + ": "
                        + s.getMessage(), s.getSQLState(), s.getErrorCode(), s);
            }
            throw e;
        } finally {
            if (autoCommit) {
                writerAdmin.setAutoCommit(true);
            }
        }
        if (LOG.isLoggable(Level.FINE)) {
            LOG.fine("published the Aurora topology " + instances);
        }
    }

    /**
     * Who may read the emulation, by server: everyone ({@code PUBLIC}) on MariaDB; on MySQL, which has no
     * {@code PUBLIC}, the role {@value #READER_ROLE}, which the MySQL engine makes mandatory for every account.
     */
    static List<String> readerGrants(String serverVersion) {
        if (serverVersion.contains("MariaDB")) {
            return List.of("GRANT SELECT, EXECUTE ON aurora_emulation.* TO PUBLIC");
        }
        return List.of("CREATE ROLE IF NOT EXISTS " + READER_ROLE,
                "GRANT SELECT, EXECUTE ON aurora_emulation.* TO " + READER_ROLE);
    }

    /**
     * Splits a script the way the mysql client does: statements end with the current delimiter at the end of a line,
     * {@code DELIMITER x} lines change it, and {@code --} comment lines are dropped.
     */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        String delimiter = ";";
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() && current.length() == 0 || trimmed.startsWith("--")) {
                continue;
            }
            if (current.length() == 0 && trimmed.toUpperCase(Locale.ROOT).startsWith("DELIMITER ")) {
                delimiter = trimmed.substring("DELIMITER ".length()).strip();
                continue;
            }
            if (trimmed.endsWith(delimiter)) {
                current.append(trimmed, 0, trimmed.length() - delimiter.length());
                String statement = current.toString().strip();
                if (!statement.isEmpty()) {
                    statements.add(statement);
                }
                current.setLength(0);
            } else {
                current.append(line).append('\n');
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalArgumentException("the script ends inside a statement (missing '" + delimiter + "'): "
                    + AuroraPostgresMetadata.firstLine(current.toString().strip()));
        }
        return statements;
    }

    /** {@code 127.0.9.21:3306}, for messages; never the user's password. */
    private static String describe(Connection c) {
        try {
            String url = c.getMetaData().getURL();
            return url == null ? "the writer" : url.replaceFirst("^jdbc:[a-z]+://", "").replaceFirst("[/?].*$", "");
        } catch (SQLException e) {
            return "the writer";
        }
    }
}
