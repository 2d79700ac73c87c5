package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;

import static dev.aurorajdbc.driver.topology.MySqlReplicationTopology.REPLICAS_LEGACY;
import static dev.aurorajdbc.driver.topology.MySqlReplicationTopology.REPLICAS_MODERN;
import static dev.aurorajdbc.driver.topology.MySqlReplicationTopology.ROLE_QUERY;
import static dev.aurorajdbc.driver.topology.MySqlReplicationTopology.SOURCE_LEGACY;
import static dev.aurorajdbc.driver.topology.MySqlReplicationTopology.SOURCE_MODERN;
import static dev.aurorajdbc.driver.topology.Recordings.MARIADB_SLAVE_HOSTS;
import static dev.aurorajdbc.driver.topology.Recordings.MARIADB_SLAVE_STATUS;
import static dev.aurorajdbc.driver.topology.Recordings.MARIADB_SLAVE_STATUS_DELAYED;
import static dev.aurorajdbc.driver.topology.Recordings.MARIADB_SLAVE_STATUS_NONE;
import static dev.aurorajdbc.driver.topology.Recordings.MARIADB_VERSION;
import static dev.aurorajdbc.driver.topology.Recordings.mariaDbSlaveHostsDenied;
import static dev.aurorajdbc.driver.topology.Recordings.mysqlRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MySqlReplicationTopologyTest {
    private static final HostAddress N11 = HostAddress.of("127.0.172.11", 3306);
    private static final HostAddress N12 = HostAddress.of("127.0.172.12", 3306);
    private static final HostAddress N13 = HostAddress.of("127.0.172.13", 3306);
    private static final List<HostAddress> URL_HOSTS = List.of(N11, N12, N13);
    private static final InstanceHostPattern PATTERN = InstanceHostPattern.parse("127.0.172.?");

    private final Topology.Sequence sequence = new Topology.Sequence(new FakeClock());
    private final MySqlReplicationTopology source = new MySqlReplicationTopology("mysql-172", URL_HOSTS, PATTERN,
            3306);

    private Topology query(MySqlReplicationTopology s, RecordedConnection c, HostAddress self) throws SQLException {
        Topology t = s.query(c.connection(), self, sequence);
        assertThat(c.allClosed()).isTrue();
        return t;
    }

    /** MariaDB's report_host is the node id and report_port the server's own port behind the proxy. */
    @Test
    void onTheWriterListsReplicasByReportHostThroughThePattern() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(0, MARIADB_VERSION))
                .answer(REPLICAS_LEGACY, MARIADB_SLAVE_HOSTS);
        Topology t = query(source, c, N11);
        assertThat(c.executed()).containsExactly(ROLE_QUERY, REPLICAS_LEGACY);
        assertThat(t.source()).isEqualTo("mysql-replication");
        assertThat(t.writer()).contains(new TopologyHost(null, N11, HostRole.WRITER, 0, -1, -1));
        assertThat(t.readers()).containsExactly(TopologyHost.of(null, N13, HostRole.READER),
                TopologyHost.of(null, N12, HostRole.READER));
    }

    @Test
    void withoutThePrivilegeTheWriterReportsOnlyItselfAndWarnsOnce() throws SQLException {
        try (CapturedLog log = new CapturedLog(MySqlReplicationTopology.class)) {
            for (int i = 0; i < 2; i++) {
                RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(0, MARIADB_VERSION))
                        .fail(REPLICAS_LEGACY, mariaDbSlaveHostsDenied());
                assertThat(query(source, c, N11).hosts()).extracting(TopologyHost::address).containsExactly(N11);
            }
            assertThat(log.at(Level.WARNING)).singleElement().asString()
                    .startsWith("[mysql-172] cannot list the replicas of 127.0.172.11:3306")
                    .contains("REPLICATION MASTER ADMIN");
        }
    }

    @Test
    void otherErrorsPassThrough() {
        SQLException lost = new SQLException("Communications link failure", "08S01", 0);
        RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(0, MARIADB_VERSION))
                .fail(REPLICAS_LEGACY, lost);
        assertThatThrownBy(() -> source.query(c.connection(), N11, sequence)).isSameAs(lost);
        assertThat(c.allClosed()).isTrue();
    }

    @Test
    void aReportHostOutsideTheConfiguredHostsAndPatternIsNotAReplica() throws SQLException {
        try (CapturedLog log = new CapturedLog(MySqlReplicationTopology.class)) {
            RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(0, MARIADB_VERSION))
                    .answer(REPLICAS_LEGACY, RecordedResultSet.columns("Server_id", "Host", "Port", "Master_id")
                            .row(14L, "attacker.example.com", 3306L, 11L)
                            .row(15L, "", 3306L, 11L)
                            .row(13L, "13", 13306L, 11L));
            assertThat(query(source, c, N11).readers()).extracting(TopologyHost::address).containsExactly(N13);
            assertThat(log.at(Level.WARNING)).hasSize(2).anySatisfy(m -> assertThat(m)
                    .contains("Host 'attacker.example.com'"));
        }
    }

    @Test
    void onAReplicaReadsItsSourceAndItsLagInSeconds() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .answer(SOURCE_LEGACY, MARIADB_SLAVE_STATUS_DELAYED);
        Topology t = query(source, c, N13);
        assertThat(c.executed()).containsExactly(ROLE_QUERY, SOURCE_LEGACY);
        assertThat(t.writer()).as("Master_Port 13306 is the server's, behind the proxy")
                .contains(new TopologyHost(null, N11, HostRole.WRITER, 0, -1, -1));
        assertThat(t.readers()).containsExactly(new TopologyHost(null, N13, HostRole.READER, 1000, -1, -1));

        Topology caughtUp = query(source, new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .answer(SOURCE_LEGACY, MARIADB_SLAVE_STATUS), N12);
        assertThat(caughtUp.host(N12)).map(TopologyHost::replicaLagMillis).contains(0L);
    }

    @Test
    void aReplicaWhoseIoThreadIsDownNamesNoWriter() throws SQLException {
        RecordedResultSet connecting = MARIADB_SLAVE_STATUS_DELAYED.with(0, "Slave_IO_Running", "Connecting")
                .with(0, "Seconds_Behind_Master", null);
        Topology t = query(source, new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .answer(SOURCE_LEGACY, connecting), N13);
        assertThat(t.writer()).isEmpty();
        assertThat(t.hosts()).containsExactly(TopologyHost.of(null, N13, HostRole.READER));
    }

    @Test
    void aReadOnlyNodeThatReplicatesFromNobodyReportsOnlyItself() throws SQLException {
        Topology t = query(source, new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .answer(SOURCE_LEGACY, MARIADB_SLAVE_STATUS_NONE), N11);
        assertThat(t.hosts()).containsExactly(TopologyHost.of(null, N11, HostRole.READER));
    }

    @Test
    void withSeveralRunningSourcesNoneIsTheWriter() throws SQLException {
        RecordedResultSet two = RecordedResultSet.columns("Connection_name", "Master_Host", "Master_Port",
                "Slave_IO_Running", "Seconds_Behind_Master")
                .row("a", "127.0.172.11", 13306L, "Yes", 0L)
                .row("b", "127.0.172.12", 13306L, "Yes", 0L);
        Topology t = query(source, new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .answer(SOURCE_LEGACY, two), N13);
        assertThat(t.writer()).isEmpty();
    }

    @Test
    void withoutMonitorPrivilegeAReplicaReportsOnlyItself() throws SQLException {
        SQLException denied = new SQLException("Access denied; you need (at least one of) the SUPER, REPLICA MONITOR"
                + " privilege(s) for this operation", "42000", 1227);
        Topology t = query(source, new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .fail(SOURCE_LEGACY, denied), N13);
        assertThat(t.hosts()).containsExactly(TopologyHost.of(null, N13, HostRole.READER));
    }

    /** MySQL 8.0.22+ answers SHOW REPLICAS / SHOW REPLICA STATUS with Source_* columns (shapes from its manual). */
    @Test
    void speaksTheNewSyntaxToMySql84() throws SQLException {
        HostAddress db1 = HostAddress.of("db1.internal", 3306);
        HostAddress db2 = HostAddress.of("db2.internal", 3306);
        MySqlReplicationTopology s = new MySqlReplicationTopology("c", List.of(db1, db2), null, 3306);
        RecordedConnection onWriter = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(0, "8.4.3"))
                .answer(REPLICAS_MODERN, RecordedResultSet.columns("Server_Id", "Host", "Port", "Source_Id",
                        "Replica_UUID").row(2L, "db2.internal", 3306L, 1L, "d8a1e5c4-33b5-11ef-9e62-0242ac120003"));
        Topology w = query(s, onWriter, db1);
        assertThat(onWriter.executed()).containsExactly(ROLE_QUERY, REPLICAS_MODERN);
        assertThat(w.readers()).extracting(TopologyHost::address).containsExactly(db2);

        RecordedConnection onReplica = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, "8.4.3"))
                .answer(SOURCE_MODERN, RecordedResultSet.columns("Replica_IO_State", "Source_Host", "Source_User",
                        "Source_Port", "Replica_IO_Running", "Replica_SQL_Running", "Seconds_Behind_Source")
                        .row("Waiting for source to send event", "db1.internal", "repl", 3306L, "Yes", "Yes", 3L));
        Topology r = query(s, onReplica, db2);
        assertThat(onReplica.executed()).containsExactly(ROLE_QUERY, SOURCE_MODERN);
        assertThat(r.writer()).map(TopologyHost::address).contains(db1);
        assertThat(r.host(db2)).map(TopologyHost::replicaLagMillis).contains(3000L);
    }

    @ParameterizedTest
    @CsvSource(value = {
        "10.11.19-MariaDB-0+deb12u1-log,false", "11.4.5-MariaDB,false", "5.7.44-log,false", "8.0.21,false",
        "8.0.22,true", "8.0.40-commercial,true", "8.4.3,true", "9.1.0,true", "garbage,false", "'',false",
    })
    void choosesTheSyntaxByServerVersion(String version, boolean modern) {
        assertThat(MySqlReplicationTopology.usesReplicaSyntax(version)).isEqualTo(modern);
        assertThat(MySqlReplicationTopology.usesReplicaSyntax(null)).isFalse();
    }

    @Test
    void identifiesTheClusterByTheWriterWhenTheNodeKnowsIt() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, mysqlRole(1, MARIADB_VERSION))
                .answer(SOURCE_LEGACY, MARIADB_SLAVE_STATUS);
        assertThat(source.clusterIdentity(c.connection(), N12)).isEqualTo("mysql-replication://127.0.172.11:3306");
    }

    @Test
    void describesItself() {
        assertThat(source.coverage()).isEqualTo(TopologySource.Coverage.WRITER);
        assertThat(source.name()).isEqualTo("mysql-replication");
    }
}
