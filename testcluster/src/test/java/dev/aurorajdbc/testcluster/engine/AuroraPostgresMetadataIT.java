package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.engine.AuroraTestServers.Server;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata.InstanceStatus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.jdbc.HostRole;
import software.amazon.jdbc.HostSpec;
import software.amazon.jdbc.PluginService;
import software.amazon.jdbc.dialect.AuroraPgDialect;
import software.amazon.jdbc.dialect.DialectManager;
import software.amazon.jdbc.dialect.PgDialect;

import java.lang.reflect.Field;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The Aurora PostgreSQL emulation on three standalone PostgreSQL servers (127.0.44.11 writer, .12 and .13 readers,
 * one port), each installed and published to with the same topology and configured with its own
 * {@link AuroraPostgresMetadata#nodeConfig}; checked with plain SQL as the application user and with the AWS
 * Advanced JDBC Wrapper 4.3.0 running its own queries.
 */
@Tag("integration")
class AuroraPostgresMetadataIT {
    private static final List<String> IDS = List.of("11", "12", "13");
    private static final String STALE_ID = "14";
    private static final String HOST_PATTERN = "127.0.44.?";

    /** Aurora's columns of aurora_replica_status(), in order, with the types the emulation gives them. */
    private static final Map<String, String> AURORA_COLUMNS = columns(
            "server_id", "text", "session_id", "text", "durable_lsn", "int8", "highest_lsn_rcvd", "int8",
            "current_read_lsn", "int8", "cur_replay_latency_in_usec", "int8", "active_txns", "int8",
            "is_current", "bool", "last_transport_error", "int4", "last_error_timestamp", "timestamptz",
            "last_update_timestamp", "timestamptz", "feedback_xmin", "int8", "feedback_epoch", "int4",
            "replica_lag_in_msec", "float4", "log_stream_speed_in_kib_per_second", "float4",
            "log_buffer_sequence_number", "int8", "oldest_read_view_trx_id", "int8", "oldest_read_view_lsn", "int8",
            "pending_read_ios", "int8", "read_ios", "int8", "iops", "int4", "cpu", "float4");

    private static final AuroraPostgresMetadata METADATA = new AuroraPostgresMetadata();
    private static LocalBackend backend;
    private static final Map<String, Server> SERVERS = new LinkedHashMap<>();
    private static List<InstanceStatus> topology;

    @BeforeAll
    static void startServers() throws SQLException {
        AuroraTestServers.SystemBinaries binaries = AuroraTestServers.postgresBinaries();
        backend = new LocalBackend("aurora-meta-pg", engine -> binaries);
        int port = AuroraTestServers.freePort(IDS.stream().map(AuroraPostgresMetadataIT::host).toList());
        for (String id : IDS) {
            SERVERS.put(id, AuroraTestServers.startPostgres(backend, id, host(id), port, METADATA.nodeConfig(id)));
        }
        long now = System.currentTimeMillis();
        topology = List.of(
                new InstanceStatus("11", true, 0, now, 12.5),
                new InstanceStatus("12", false, 25, now - 1_000, 3.25),
                new InstanceStatus("13", false, 40, now - 2_000, 4.5),
                // An instance the control plane lost ten minutes ago: Aurora clients ignore rows this stale.
                new InstanceStatus(STALE_ID, false, 0, now - 600_000, 0));
        for (Server server : SERVERS.values()) {
            try (Connection admin = AuroraTestServers.postgresAdmin(server)) {
                METADATA.install(admin);
                METADATA.publish(admin, topology);
            }
        }
    }

    @AfterAll
    static void stopServers() {
        try {
            software.amazon.jdbc.Driver.releaseResources();
        } catch (NoClassDefFoundError e) {
            // 4.3.0 stops its monitors first, then clears the cache of its custom-endpoint plugin, which needs the
            // AWS SDK; this module does not have the SDK, and that plugin was not used.
        }
        if (backend != null) {
            backend.close();
        }
    }

    private static String host(String id) {
        return "127.0.44." + id;
    }

    // ---------------------------------------------------------------- plain SQL, as the application user

    @Test
    void instanceIdentifierIsTheNodesOwnId() throws Exception {
        for (Server server : SERVERS.values()) {
            try (Connection app = AuroraTestServers.postgresApp(server); Statement st = app.createStatement();
                    ResultSet rs = st.executeQuery(wrapperSql(AuroraPgDialect.class, "INSTANCE_ID_QUERY"))) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(server.id());
                assertThat(rs.getString(2)).isEqualTo(server.id());
            }
        }
    }

    @Test
    void replicaStatusHasAurorasColumnsAndThePublishedRows() throws SQLException {
        for (Server server : SERVERS.values()) {
            try (Connection app = AuroraTestServers.postgresApp(server); Statement st = app.createStatement();
                    ResultSet rs = st.executeQuery("SELECT * FROM aurora_replica_status()")) {
                ResultSetMetaData md = rs.getMetaData();
                Map<String, String> columns = new LinkedHashMap<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    columns.put(md.getColumnName(i), md.getColumnTypeName(i));
                }
                assertThat(columns).containsExactlyEntriesOf(AURORA_COLUMNS);

                List<String> order = new ArrayList<>();
                while (rs.next()) {
                    String id = rs.getString("server_id");
                    order.add(id);
                    InstanceStatus published = published(id);
                    assertThat(rs.getBoolean("is_current")).isTrue();
                    assertThat(rs.getInt("last_transport_error")).isZero();
                    assertThat(rs.getFloat("cpu")).isEqualTo((float) published.cpu());
                    assertThat(rs.getObject("durable_lsn")).isNull();
                    if (published.writer()) {
                        assertThat(rs.getString("session_id")).isEqualTo("MASTER_SESSION_ID");
                        assertThat(rs.getObject("replica_lag_in_msec")).isNull();
                    } else {
                        assertThat(UUID.fromString(rs.getString("session_id"))).isNotNull();
                        assertThat(rs.getFloat("replica_lag_in_msec")).isEqualTo((float) published.replicaLagMillis());
                    }
                    OffsetDateTime lastUpdate = rs.getObject("last_update_timestamp", OffsetDateTime.class);
                    if (id.equals(server.id())) {
                        assertThat(lastUpdate).as("own row on node %s", server.id()).isNull();
                    } else {
                        assertThat(lastUpdate.toInstant().toEpochMilli()).isEqualTo(published.lastUpdateMillis());
                    }
                }
                assertThat(order).containsExactly("11", "12", "13", STALE_ID);
            }
        }
    }

    @Test
    void awsWrapperQueriesAnswerAsOnAurora() throws Exception {
        for (Server server : SERVERS.values()) {
            try (Connection app = AuroraTestServers.postgresApp(server); Statement st = app.createStatement()) {
                try (ResultSet rs = st.executeQuery(wrapperSql(AuroraPgDialect.class, "AURORA_UTILS_EXIST_QUERY"))) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean("aurora_stat_utils")).isTrue();
                }
                try (ResultSet rs = st.executeQuery(wrapperSql(AuroraPgDialect.class, "TOPOLOGY_EXISTS_QUERY"))) {
                    assertThat(rs.next()).isTrue();
                }
                Map<String, Boolean> writers = new TreeMap<>();
                try (ResultSet rs = st.executeQuery(wrapperSql(AuroraPgDialect.class, "TOPOLOGY_QUERY"))) {
                    while (rs.next()) {
                        writers.put(rs.getString(1), rs.getBoolean(2));
                        assertThat(rs.getDouble(4)).isEqualTo(published(rs.getString(1)).replicaLagMillis());
                    }
                }
                assertThat(writers).as("topology seen on node %s", server.id())
                        .containsExactly(entry("11", true), entry("12", false), entry("13", false));
                List<String> writerIds = new ArrayList<>();
                try (ResultSet rs = st.executeQuery(wrapperSql(AuroraPgDialect.class, "WRITER_ID_QUERY"))) {
                    while (rs.next()) {
                        writerIds.add(rs.getString(1));
                    }
                }
                assertThat(writerIds).isEqualTo(server.id().equals("11") ? List.of("11") : List.of());
            }
        }
    }

    @Test
    void applicationUserCannotChangeTheEmulation() throws SQLException {
        try (Connection app = AuroraTestServers.postgresApp(SERVERS.get("11")); Statement st = app.createStatement()) {
            for (String sql : List.of("DELETE FROM aurora_emulation.replica_status",
                    "UPDATE aurora_emulation.replica_status SET session_id = 'MASTER_SESSION_ID'",
                    "INSERT INTO aurora_emulation.replica_status VALUES ('99', 'MASTER_SESSION_ID', 0, now(), 0)",
                    "CREATE OR REPLACE FUNCTION pg_catalog.aurora_db_instance_identifier() RETURNS text"
                            + " LANGUAGE sql AS $$ SELECT '99' $$")) {
                assertThatThrownBy(() -> st.execute(sql)).as(sql)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("42501"));
            }
        }
    }

    @Test
    void settingsStayUsable() throws SQLException {
        try (Connection app = AuroraTestServers.postgresApp(SERVERS.get("12")); Statement st = app.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW rds.extensions")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(AuroraPostgresMetadata.RDS_EXTENSIONS);
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE name = 'rds.extensions'),"
                    + " count(*) FILTER (WHERE name = 'work_mem') FROM pg_settings")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
                assertThat(rs.getInt(2)).isEqualTo(1);
            }
            // pg_settings keeps its update rule: UPDATE sets the session's value.
            st.execute("UPDATE pg_settings SET setting = '7MB' WHERE name = 'work_mem'");
            try (ResultSet rs = st.executeQuery("SHOW work_mem")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("7MB");
            }
        }
    }

    @Test
    void publishReplacesTheTopologyAndInstallKeepsIt() throws SQLException {
        Server writer = SERVERS.get("11");
        long now = System.currentTimeMillis();
        List<InstanceStatus> failedOver = List.of(
                new InstanceStatus("12", true, 0, now, 20),
                new InstanceStatus("11", false, 5, now, 1),
                new InstanceStatus("13", false, 7, now, 2));
        try (Connection admin = AuroraTestServers.postgresAdmin(writer)) {
            METADATA.publish(admin, failedOver);
            admin.setAutoCommit(false);
            METADATA.install(admin);
            assertThat(admin.getAutoCommit()).isFalse();
            admin.setAutoCommit(true);
            try (Connection app = AuroraTestServers.postgresApp(writer); Statement st = app.createStatement();
                    ResultSet rs = st.executeQuery("SELECT server_id, session_id, replica_lag_in_msec FROM aurora_replica_status()")) {
                Map<String, String> sessions = new TreeMap<>();
                while (rs.next()) {
                    sessions.put(rs.getString(1), rs.getString(2));
                    if (rs.getString(1).equals("12")) {
                        assertThat(rs.getObject(3)).isNull();
                    }
                }
                assertThat(sessions).containsOnlyKeys("11", "12", "13");
                assertThat(sessions.get("12")).isEqualTo("MASTER_SESSION_ID");
                assertThat(sessions.get("11")).isNotEqualTo("MASTER_SESSION_ID");
            } finally {
                METADATA.publish(admin, topology);
            }
        }
    }

    /** A synchronous standby that never answers must not hold up the control plane's publishing. */
    @Test
    void publishDoesNotWaitForSynchronousStandbys() throws SQLException {
        Server server = SERVERS.get("13");
        try (Connection admin = AuroraTestServers.postgresAdmin(server); Statement st = admin.createStatement()) {
            st.execute("ALTER SYSTEM SET synchronous_standby_names = 'absent_standby'");
            st.execute("SELECT pg_reload_conf()");
            try {
                AuroraTestServers.poll(Duration.ofSeconds(10), "the server applies synchronous_standby_names", () -> {
                    try (Connection fresh = AuroraTestServers.postgresAdmin(server); Statement s = fresh.createStatement();
                            ResultSet rs = s.executeQuery("SHOW synchronous_standby_names")) {
                        rs.next();
                        return "absent_standby".equals(rs.getString(1)) ? Boolean.TRUE : null;
                    }
                });
                try (Connection publisher = AuroraTestServers.postgresAdmin(server)) {
                    assertTimeoutPreemptively(Duration.ofSeconds(20), () -> METADATA.publish(publisher, topology));
                }
            } finally {
                st.execute("ALTER SYSTEM RESET synchronous_standby_names");
                st.execute("SELECT pg_reload_conf()");
            }
        }
    }

    // ---------------------------------------------------------------- the AWS Advanced JDBC Wrapper

    /** Connected to the writer, the wrapper detects Aurora PostgreSQL and lists the three live instances. */
    @ParameterizedTest(name = "wrapperDialect={0}")
    @ValueSource(strings = {"aurora-pg", ""})
    void awsWrapperSeesTheClusterThroughTheWriter(String dialect) throws Exception {
        try (Connection c = wrapperConnection("11", dialect)) {
            PluginService service = c.unwrap(PluginService.class);
            assertThat(service.getDialect()).isExactlyInstanceOf(AuroraPgDialect.class);
            assertThat(roles(service)).containsExactly(
                    entry(host("11"), HostRole.WRITER), entry(host("12"), HostRole.READER), entry(host("13"), HostRole.READER));
            assertThat(service.getAllHosts()).allSatisfy(h -> assertThat(h.getPort()).isEqualTo(SERVERS.get("11").port()));
            assertThat(service.getCurrentHostSpec().getHost()).isEqualTo(host("11"));
            assertThat(service.getCurrentHostSpec().getRole()).isEqualTo(HostRole.WRITER);
            assertThat(instanceId(c)).isEqualTo("11");
        }
    }

    /** Connected to a reader, the wrapper finds the writer through the reader's aurora_replica_status(). */
    @ParameterizedTest(name = "wrapperDialect={0}")
    @ValueSource(strings = {"aurora-pg", ""})
    void awsWrapperConnectedToAReaderReportsTheWriter(String dialect) throws Exception {
        try (Connection c = wrapperConnection("12", dialect)) {
            PluginService service = c.unwrap(PluginService.class);
            assertThat(service.getDialect()).isExactlyInstanceOf(AuroraPgDialect.class);
            Map<String, HostRole> roles = roles(service);
            assertThat(roles).containsExactly(
                    entry(host("11"), HostRole.WRITER), entry(host("12"), HostRole.READER), entry(host("13"), HostRole.READER));
            assertThat(service.getCurrentHostSpec().getHost()).isEqualTo(host("12"));
            assertThat(instanceId(c)).isEqualTo("12");
        }
    }

    /** The control: where the emulation is not installed, the wrapper detects plain PostgreSQL. */
    @Test
    void awsWrapperWithoutTheEmulationSeesPlainPostgres() throws SQLException {
        try (Connection c = wrapperConnection("11", "", "template1")) {
            PluginService service = c.unwrap(PluginService.class);
            assertThat(service.getDialect()).isExactlyInstanceOf(PgDialect.class);
        }
    }

    private static Connection wrapperConnection(String id, String dialect) throws SQLException {
        return wrapperConnection(id, dialect, "postgres");
    }

    private static Connection wrapperConnection(String id, String dialect, String database) throws SQLException {
        // The wrapper remembers each URL's dialect for a while: forget it, so that every test detects afresh.
        DialectManager.resetEndpointCache();
        Server server = SERVERS.get(id);
        Properties p = new Properties();
        p.setProperty("user", AuroraTestServers.APP_USER);
        p.setProperty("password", AuroraTestServers.APP_PASSWORD);
        p.setProperty("clusterInstanceHostPattern", HOST_PATTERN);
        // Its own topology cache per test, so no test sees another's.
        p.setProperty("clusterId", "aurora-meta-" + UUID.randomUUID());
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        if (!dialect.isEmpty()) {
            p.setProperty("wrapperDialect", dialect);
        }
        return DriverManager.getConnection("jdbc:aws-wrapper:postgresql://" + server.host() + ":" + server.port()
                + "/" + database, p);
    }

    /** The wrapper's topology, host to role, once it lists more than the host it connected to. */
    private static Map<String, HostRole> roles(PluginService service) {
        return AuroraTestServers.poll(Duration.ofSeconds(30), "the AWS wrapper lists the cluster's instances", () -> {
            service.forceRefreshHostList();
            Map<String, HostRole> roles = new TreeMap<>();
            for (HostSpec h : service.getAllHosts()) {
                roles.put(h.getHost(), h.getRole());
            }
            return roles.size() >= IDS.size() ? roles : null;
        });
    }

    private static String instanceId(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT aurora_db_instance_identifier()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    // ---------------------------------------------------------------- helpers

    private static InstanceStatus published(String id) {
        return topology.stream().filter(i -> i.serverId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("instance " + id + " was not published"));
    }

    /** A query exactly as the AWS wrapper 4.3.0 sends it (its dialects keep them in protected constants). */
    static String wrapperSql(Class<?> dialect, String constant) throws ReflectiveOperationException {
        Field f = dialect.getDeclaredField(constant);
        f.setAccessible(true);
        return (String) f.get(null);
    }

    private static Map<String, String> columns(String... nameTypePairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < nameTypePairs.length; i += 2) {
            m.put(nameTypePairs[i], nameTypePairs[i + 1]);
        }
        return m;
    }
}
