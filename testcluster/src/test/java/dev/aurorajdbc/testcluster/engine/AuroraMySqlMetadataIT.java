package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.engine.AuroraTestServers.Server;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata.InstanceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.jdbc.dialect.AuroraMysqlDialect;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/**
 * The Aurora MySQL emulation on one standalone MariaDB server (node 21 on 127.0.44.21), read by a user without any
 * privilege of its own, with the AWS Advanced JDBC Wrapper 4.3.0's Aurora MySQL queries pointed at the emulation's
 * schema.
 */
@Tag("integration")
class AuroraMySqlMetadataIT {
    private static final String ID = "21";

    /** Aurora's documented (and monitored) columns with their types: data type, length or precision. */
    private static final Map<String, String> AURORA_COLUMNS = new LinkedHashMap<>();

    static {
        AURORA_COLUMNS.put("SERVER_ID", "varchar(100)");
        AURORA_COLUMNS.put("SESSION_ID", "varchar(100)");
        AURORA_COLUMNS.put("CPU", "double");
        AURORA_COLUMNS.put("LAST_UPDATE_TIMESTAMP", "datetime(6)");
        AURORA_COLUMNS.put("MASTER_SLAVE_LATENCY_IN_MICROSECONDS", "bigint");
        AURORA_COLUMNS.put("REPLICA_LAG_IN_MILLISECONDS", "double");
        AURORA_COLUMNS.put("LOG_STREAM_SPEED_IN_KiB_PER_SECOND", "double");
        AURORA_COLUMNS.put("IS_CURRENT", "tinyint");
        AURORA_COLUMNS.put("CURRENT_REPLAY_LATENCY_IN_MICROSECONDS", "bigint");
    }

    private static final AuroraMySqlMetadata METADATA = new AuroraMySqlMetadata();
    private static LocalBackend backend;
    private static Server server;
    private static List<InstanceStatus> topology;

    @BeforeAll
    static void startServer() throws SQLException {
        AuroraTestServers.SystemBinaries binaries = AuroraTestServers.mariadbBinaries();
        backend = new LocalBackend("aurora-meta-my", engine -> binaries);
        String host = "127.0.44." + ID;
        server = AuroraTestServers.startMariaDb(backend, ID, host, AuroraTestServers.freePort(List.of(host)),
                METADATA.nodeConfig(ID));
        long now = System.currentTimeMillis();
        topology = List.of(
                new InstanceStatus("21", true, 0, now, 12.5),
                new InstanceStatus("22", false, 25, now - 1_000, 3.25),
                new InstanceStatus("23", false, 40, now - 2_000, 4.5),
                new InstanceStatus("24", false, 0, now - 600_000, 0));
        try (Connection admin = AuroraTestServers.mariadbAdmin(server)) {
            METADATA.install(admin);
            METADATA.publish(admin, topology);
        }
    }

    @AfterAll
    static void stopServer() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void tableHasAurorasColumnsAndTypes() throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection app = AuroraTestServers.mariadbApp(server); Statement st = app.createStatement();
                ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, DATA_TYPE, CHARACTER_MAXIMUM_LENGTH, DATETIME_PRECISION"
                        + " FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = 'aurora_emulation'"
                        + " AND TABLE_NAME = 'replica_host_status' ORDER BY ORDINAL_POSITION")) {
            while (rs.next()) {
                String type = rs.getString(2);
                if (rs.getObject(3) != null) {
                    type += "(" + rs.getLong(3) + ")";
                } else if ("datetime".equals(type)) {
                    type += "(" + rs.getInt(4) + ")";
                }
                columns.put(rs.getString(1), type);
            }
        }
        assertThat(columns).containsExactlyEntriesOf(AURORA_COLUMNS);
    }

    @Test
    void unprivilegedUserReadsThePublishedRows() throws SQLException {
        try (Connection app = AuroraTestServers.mariadbApp(server); Statement st = app.createStatement();
                ResultSet rs = st.executeQuery("SELECT * FROM aurora_emulation.replica_host_status ORDER BY SERVER_ID")) {
            List<String> ids = new ArrayList<>();
            while (rs.next()) {
                String id = rs.getString("SERVER_ID");
                ids.add(id);
                InstanceStatus published = published(id);
                if (published.writer()) {
                    assertThat(rs.getString("SESSION_ID")).isEqualTo("MASTER_SESSION_ID");
                    assertThat(rs.getDouble("REPLICA_LAG_IN_MILLISECONDS")).isZero();
                } else {
                    assertThat(UUID.fromString(rs.getString("SESSION_ID"))).isNotNull();
                    assertThat(rs.getDouble("REPLICA_LAG_IN_MILLISECONDS")).isEqualTo(published.replicaLagMillis());
                }
                assertThat(rs.getDouble("CPU")).isEqualTo(published.cpu());
                assertThat(rs.getInt("IS_CURRENT")).isEqualTo(1);
                assertThat(rs.getObject("LAST_UPDATE_TIMESTAMP", LocalDateTime.class)).isEqualTo(
                        LocalDateTime.ofInstant(Instant.ofEpochMilli(published.lastUpdateMillis()), ZoneOffset.UTC));
            }
            assertThat(ids).containsExactly("21", "22", "23", "24");
        }
    }

    @Test
    void serverIdFunctionAnswersTheNodesReportHost() throws SQLException {
        try (Connection app = AuroraTestServers.mariadbApp(server); Statement st = app.createStatement();
                ResultSet rs = st.executeQuery("SELECT aurora_emulation.aurora_server_id(), @@report_host")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo(ID).isEqualTo(rs.getString(2));
        }
    }

    /** The wrapper's Aurora MySQL topology and writer-id queries, with the table and variable they name swapped. */
    @Test
    void awsWrapperQueriesWorkAgainstTheEmulationSchema() throws Exception {
        String topologySql = emulated(AuroraPostgresMetadataIT.wrapperSql(AuroraMysqlDialect.class, "TOPOLOGY_QUERY"));
        String writerIdSql = emulated(AuroraPostgresMetadataIT.wrapperSql(AuroraMysqlDialect.class, "WRITER_ID_QUERY"));
        try (Connection app = AuroraTestServers.mariadbApp(server); Statement st = app.createStatement()) {
            Map<String, Boolean> writers = new TreeMap<>();
            try (ResultSet rs = st.executeQuery(topologySql)) {
                while (rs.next()) {
                    writers.put(rs.getString(1), rs.getBoolean(2));
                    assertThat(rs.getDouble(3)).isEqualTo(published(rs.getString(1)).cpu());
                }
            }
            assertThat(writers).containsExactly(entry("21", true), entry("22", false), entry("23", false));
            try (ResultSet rs = st.executeQuery(writerIdSql)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(ID);
            }
        }
    }

    @Test
    void unprivilegedUserCannotChangeTheTopology() throws SQLException {
        try (Connection app = AuroraTestServers.mariadbApp(server); Statement st = app.createStatement()) {
            for (String sql : List.of("DELETE FROM aurora_emulation.replica_host_status",
                    "UPDATE aurora_emulation.replica_host_status SET SESSION_ID = 'MASTER_SESSION_ID'",
                    "INSERT INTO aurora_emulation.replica_host_status (SERVER_ID, SESSION_ID) VALUES ('99', 'x')")) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1142));
            }
        }
    }

    @Test
    void publishReplacesTheTopologyAndInstallKeepsIt() throws SQLException {
        long now = System.currentTimeMillis();
        List<InstanceStatus> failedOver = List.of(
                new InstanceStatus("22", true, 0, now, 20),
                new InstanceStatus("21", false, 5, now, 1));
        try (Connection admin = AuroraTestServers.mariadbAdmin(server)) {
            try {
                METADATA.publish(admin, failedOver);
                METADATA.install(admin);
                assertThat(admin.getAutoCommit()).isTrue();
                Map<String, String> sessions = new TreeMap<>();
                try (Connection app = AuroraTestServers.mariadbApp(server); Statement st = app.createStatement();
                        ResultSet rs = st.executeQuery("SELECT SERVER_ID, SESSION_ID FROM aurora_emulation.replica_host_status")) {
                    while (rs.next()) {
                        sessions.put(rs.getString(1), rs.getString(2));
                    }
                }
                assertThat(sessions).containsOnlyKeys("21", "22");
                assertThat(sessions.get("22")).isEqualTo("MASTER_SESSION_ID");
            } finally {
                METADATA.publish(admin, topology);
            }
        }
    }

    private static String emulated(String auroraSql) {
        String sql = auroraSql.replace("information_schema.replica_host_status", "aurora_emulation.replica_host_status")
                .replace("@@aurora_server_id", "aurora_emulation.aurora_server_id()");
        assertThat(sql).isNotEqualTo(auroraSql);
        return sql;
    }

    private static InstanceStatus published(String id) {
        return topology.stream().filter(i -> i.serverId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("instance " + id + " was not published"));
    }
}
