package dev.aurorajdbc.driver.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraProperty;
import dev.aurorajdbc.driver.AuroraUrl;
import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.jdbc.NativeStub;
import dev.aurorajdbc.driver.topology.StaticTopology;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What each engine's dialect asks a server and how it reads the answer, on stubs (the real servers are in the ITs):
 * the SQL, the parameters, the reading of the answer, and the probe timeout properties. The role of a new connection
 * (PostgreSQL's start-up announcement) is in {@link RoleOfTest}.
 */
class DialectTest {
    private static final String MYSQL_VERSION = "8.0.36";
    private static final String MARIADB_VERSION = "10.11.6-MariaDB-log";

    /** A result set with one row whose every column answers {@code value} to {@code getter}. */
    private static ResultSet row(String getter, Object value) {
        ResultSet rs = NativeStub.create(ResultSet.class);
        NativeStub.of(rs).answer("next", true).answer(getter, value);
        return rs;
    }

    /** A connection whose statements (plain and prepared) answer {@code rs}, on a server of {@code version}. */
    private static Connection connection(ResultSet rs, String version) {
        Statement s = NativeStub.create(Statement.class);
        NativeStub.of(s).answer("executeQuery", rs);
        PreparedStatement ps = NativeStub.create(PreparedStatement.class);
        NativeStub.of(ps).answer("executeQuery", rs);
        DatabaseMetaData md = NativeStub.create(DatabaseMetaData.class);
        NativeStub.of(md).answer("getDatabaseProductVersion", version);
        Connection c = NativeStub.create(Connection.class);
        NativeStub.of(c).answer("createStatement", s).answer("prepareStatement", ps).answer("getMetaData", md);
        return c;
    }

    /** The stub {@code connection} answered to {@code method} (its statement or prepared statement). */
    private static NativeStub answered(Connection connection, String method) {
        return NativeStub.of(NativeStub.of(connection).calls().stream().filter(c -> c.name().equals(method))
                .reduce((a, b) -> b).orElseThrow().answer().get());
    }

    /** The result set the first query on {@code statement} answered. */
    private static ResultSet firstResult(NativeStub statement) {
        return (ResultSet) statement.calls().stream().filter(c -> c.name().equals("executeQuery")).findFirst()
                .orElseThrow().answer().get();
    }

    /** The first argument of every call of {@code method} on {@code stub}'s object. */
    private static List<Object> firstArguments(NativeStub stub, String method) {
        return stub.calls().stream().filter(c -> c.name().equals(method)).map(c -> c.args().get(0)).toList();
    }

    /** The arguments of every {@code set...} call on a prepared statement, in order. */
    private static List<List<Object>> parameters(NativeStub ps) {
        return ps.calls().stream().filter(c -> c.name().startsWith("set")).map(c -> List.copyOf(c.args())).toList();
    }

    @Test
    void oneDialectPerEngine() {
        assertThat(Dialect.of(Engine.POSTGRESQL)).isSameAs(PostgresDialect.INSTANCE);
        assertThat(Dialect.of(Engine.MYSQL)).isSameAs(MySqlDialect.INSTANCE);
    }

    // ------------------------------------------------------------------------------------------------------ role query

    @Test
    void postgresAsksTheRecoveryState() throws Exception {
        Connection replica = connection(row("getBoolean", true), null);
        assertThat(PostgresDialect.INSTANCE.isWriter(replica)).isFalse();
        NativeStub statement = answered(replica, "createStatement");
        assertThat(firstArguments(statement, "executeQuery")).containsExactly("SELECT pg_is_in_recovery()");
        assertThat(statement.count("close")).isEqualTo(1);
        assertThat(NativeStub.of(firstResult(statement)).count("close")).isEqualTo(1);

        assertThat(PostgresDialect.INSTANCE.isWriter(connection(row("getBoolean", false), null))).isTrue();
    }

    @Test
    void mySqlAsksBothReadOnlyFlags() throws Exception {
        Connection replica = connection(row("getLong", 1L), MYSQL_VERSION);
        assertThat(MySqlDialect.INSTANCE.isWriter(replica)).isFalse();
        NativeStub statement = answered(replica, "createStatement");
        assertThat(firstArguments(statement, "executeQuery"))
                .containsExactly("SELECT @@global.read_only OR @@global.innodb_read_only");
        assertThat(statement.count("close")).isEqualTo(1);

        assertThat(MySqlDialect.INSTANCE.isWriter(connection(row("getLong", 0L), MYSQL_VERSION))).isTrue();
    }

    // ------------------------------------------------------------------------------------------------------ write position

    @Test
    void postgresReadsTheWalPositionWithoutAskingWhichServer() throws Exception {
        Connection writer = connection(row("getString", "0/3000060"), null);
        assertThat(PostgresDialect.INSTANCE.writePositionQuery(writer)).isEqualTo("SELECT pg_current_wal_lsn()::text");
        assertThat(NativeStub.of(writer).calls()).isEmpty();
    }

    @Test
    void mySqlReadsTheGtidSetThatItsServerKeeps() throws Exception {
        assertThat(MySqlDialect.INSTANCE.writePositionQuery(connection(null, MYSQL_VERSION)))
                .isEqualTo("SELECT @@global.gtid_executed");
        assertThat(MySqlDialect.INSTANCE.writePositionQuery(connection(null, MARIADB_VERSION)))
                .isEqualTo("SELECT @@global.gtid_binlog_pos");
    }

    // ------------------------------------------------------------------------------------------------------ replay wait

    @Test
    void postgresComparesTheReplayPositionAndStopsOnceReached() throws Exception {
        Connection reader = connection(row("getBoolean", true), null);
        assertThat(PostgresDialect.INSTANCE.replayedWithin(reader, "0/3000060", 1_000)).isTrue();
        assertThat(firstArguments(NativeStub.of(reader), "prepareStatement"))
                .containsExactly("SELECT pg_last_wal_replay_lsn() >= ?::pg_lsn");
        NativeStub ps = answered(reader, "prepareStatement");
        assertThat(parameters(ps)).containsExactly(List.of(1, "0/3000060"));
        assertThat(ps.count("executeQuery")).isEqualTo(1);
        assertThat(ps.count("close")).isEqualTo(1);
    }

    @Test
    void postgresAsksAgainUntilTheReplicaCatchesUp() throws Exception {
        ResultSet rs = row("getBoolean", false);
        AtomicInteger asked = new AtomicInteger();
        NativeStub.of(rs).onCall("getBoolean", () -> {
            if (asked.incrementAndGet() == 3) {
                NativeStub.of(rs).answer("getBoolean", true);
            }
        });
        Connection reader = connection(rs, null);
        assertThat(PostgresDialect.INSTANCE.replayedWithin(reader, "0/3000060", 60_000)).isTrue();
        assertThat(answered(reader, "prepareStatement").count("executeQuery")).isEqualTo(3);
    }

    @Test
    void postgresGivesUpAtTheDeadline() throws Exception {
        Connection reader = connection(row("getBoolean", false), null);
        assertThat(PostgresDialect.INSTANCE.replayedWithin(reader, "0/3000060", 0)).isFalse();
        NativeStub ps = answered(reader, "prepareStatement");
        assertThat(ps.count("executeQuery")).isEqualTo(1);
        assertThat(ps.count("close")).isEqualTo(1);
    }

    @Test
    void mySqlWaitsOnTheServerWithTheTimeoutInSeconds() throws Exception {
        Connection reader = connection(row("getInt", 0), MYSQL_VERSION);
        assertThat(MySqlDialect.INSTANCE.replayedWithin(reader, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5", 1_500))
                .isTrue();
        assertThat(firstArguments(NativeStub.of(reader), "prepareStatement"))
                .containsExactly("SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)");
        NativeStub ps = answered(reader, "prepareStatement");
        assertThat(parameters(ps)).containsExactly(List.of(1, "3e11fa47-71ca-11e1-9e33-c80aa9429562:1-5"),
                List.of(2, new BigDecimal("1.500")));
        assertThat(ps.count("close")).isEqualTo(1);

        // WAIT_FOR_EXECUTED_GTID_SET answers 1 on a timeout.
        assertThat(MySqlDialect.INSTANCE.replayedWithin(connection(row("getInt", 1), MYSQL_VERSION), "g:1", 10)).isFalse();
    }

    @Test
    void mariaDbWaitsForItsOwnGtidsAndATimeoutOrNoRowIsNotReplayed() throws Exception {
        Connection reader = connection(row("getInt", 0), MARIADB_VERSION);
        assertThat(MySqlDialect.INSTANCE.replayedWithin(reader, "0-1-42", 250)).isTrue();
        assertThat(firstArguments(NativeStub.of(reader), "prepareStatement")).containsExactly("SELECT MASTER_GTID_WAIT(?, ?)");
        assertThat(parameters(answered(reader, "prepareStatement")))
                .containsExactly(List.of(1, "0-1-42"), List.of(2, new BigDecimal("0.250")));

        // MASTER_GTID_WAIT answers -1 on a timeout.
        assertThat(MySqlDialect.INSTANCE.replayedWithin(connection(row("getInt", -1), MARIADB_VERSION), "0-1-42", 10))
                .isFalse();
        ResultSet none = NativeStub.create(ResultSet.class);
        assertThat(MySqlDialect.INSTANCE.replayedWithin(connection(none, MARIADB_VERSION), "0-1-42", 10)).isFalse();
    }

    // ------------------------------------------------------------------------------------------------------ probe timeouts

    private static Properties probeTimeouts(Dialect dialect, long millis) {
        Properties p = new Properties();
        p.setProperty("user", "app");
        dialect.probeTimeouts(p, millis);
        return p;
    }

    @Test
    void pgjdbcGetsWholeSecondsRoundedUpAndALoginTimeout() {
        Properties p = probeTimeouts(PostgresDialect.INSTANCE, 1_500);
        assertThat(p).containsOnlyKeys("user", "connectTimeout", "loginTimeout", "socketTimeout");
        assertThat(p.getProperty("connectTimeout")).isEqualTo("2");
        assertThat(p.getProperty("loginTimeout")).isEqualTo("2");
        assertThat(p.getProperty("socketTimeout")).isEqualTo("2");
        assertThat(probeTimeouts(PostgresDialect.INSTANCE, 1_000).getProperty("socketTimeout")).isEqualTo("1");
        assertThat(probeTimeouts(PostgresDialect.INSTANCE, 1_001).getProperty("socketTimeout")).isEqualTo("2");
        // 0 would mean no timeout to pgjdbc: at least 1 s.
        assertThat(probeTimeouts(PostgresDialect.INSTANCE, 0).getProperty("loginTimeout")).isEqualTo("1");
    }

    @Test
    void connectorJGetsMillisecondsAndNoLoginTimeout() {
        Properties p = probeTimeouts(MySqlDialect.INSTANCE, 1_500);
        assertThat(p).containsOnlyKeys("user", "connectTimeout", "socketTimeout");
        assertThat(p.getProperty("connectTimeout")).isEqualTo("1500");
        assertThat(p.getProperty("socketTimeout")).isEqualTo("1500");
        // 0 would mean no timeout to Connector/J: at least 1 ms.
        assertThat(probeTimeouts(MySqlDialect.INSTANCE, 0).getProperty("socketTimeout")).isEqualTo("1");
    }

    // ------------------------------------------------------------------------------------------------------ topology

    @Test
    void postgresDetectsAuroraByItsReplicaStatusFunction() throws Exception {
        AuroraConfig config = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:postgresql://h/db"), new Properties());
        Connection aurora = connection(row("getBoolean", true), null);
        assertThat(PostgresDialect.INSTANCE.detect(config, aurora)).isEqualTo(AuroraProperty.TopologySource.AURORA_POSTGRESQL);
        assertThat(firstArguments(answered(aurora, "createStatement"), "executeQuery"))
                .containsExactly("SELECT to_regproc('pg_catalog.aurora_replica_status') IS NOT NULL");
        assertThat(PostgresDialect.INSTANCE.detect(config, connection(row("getBoolean", false), null)))
                .isEqualTo(AuroraProperty.TopologySource.POSTGRESQL_STREAMING);
    }

    @Test
    void mySqlDetectsAuroraByTheReplicaHostStatusTableInTheMetadataSchema() throws Exception {
        AuroraConfig config = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:mysql://h/db?auroraMetadataSchema=meta"),
                new Properties());
        Connection aurora = connection(row("getLong", 1L), MYSQL_VERSION);
        assertThat(MySqlDialect.INSTANCE.detect(config, aurora)).isEqualTo(AuroraProperty.TopologySource.AURORA_MYSQL);
        assertThat(firstArguments(answered(aurora, "createStatement"), "executeQuery")).containsExactly(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'meta'"
                        + " AND table_name = 'replica_host_status'");
        assertThat(MySqlDialect.INSTANCE.detect(config, connection(row("getLong", 0L), MYSQL_VERSION)))
                .isEqualTo(AuroraProperty.TopologySource.MYSQL_REPLICATION);
    }

    @Test
    void theStaticSourceIsTheEnginesOwn() {
        assertThat(PostgresDialect.INSTANCE.staticTopology()).hasToString(StaticTopology.postgresql().toString());
        assertThat(MySqlDialect.INSTANCE.staticTopology()).hasToString(StaticTopology.mysql().toString());
        assertThat(PostgresDialect.INSTANCE.staticTopology().name()).isEqualTo(StaticTopology.NAME);
    }
}
