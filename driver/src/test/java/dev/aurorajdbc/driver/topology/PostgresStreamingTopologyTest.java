package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;
import java.util.logging.Level;

import static dev.aurorajdbc.driver.topology.PostgresStreamingTopology.REPLICAS_QUERY;
import static dev.aurorajdbc.driver.topology.PostgresStreamingTopology.ROLE_QUERY;
import static dev.aurorajdbc.driver.topology.PostgresStreamingTopology.UPSTREAM_QUERY;
import static dev.aurorajdbc.driver.topology.Recordings.PG_RECEIVER_APP_USER;
import static dev.aurorajdbc.driver.topology.Recordings.PG_RECEIVER_NONE;
import static dev.aurorajdbc.driver.topology.Recordings.PG_RECEIVER_SUPERUSER;
import static dev.aurorajdbc.driver.topology.Recordings.PG_REPLICATION_APP_USER;
import static dev.aurorajdbc.driver.topology.Recordings.PG_REPLICATION_SUPERUSER;
import static dev.aurorajdbc.driver.topology.Recordings.pgReceiverColumns;
import static dev.aurorajdbc.driver.topology.Recordings.pgReplicationColumns;
import static dev.aurorajdbc.driver.topology.Recordings.pgRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PostgresStreamingTopologyTest {
    private static final HostAddress N11 = HostAddress.of("127.0.133.11", 5432);
    private static final HostAddress N12 = HostAddress.of("127.0.133.12", 5432);
    private static final HostAddress N13 = HostAddress.of("127.0.133.13", 5432);
    private static final List<HostAddress> URL_HOSTS = List.of(N11, N12, N13);
    private static final InstanceHostPattern PATTERN = InstanceHostPattern.parse("127.0.133.?");

    private final Topology.Sequence sequence = new Topology.Sequence(new FakeClock());
    /** As the test cluster's URL and pattern configure it. */
    private final PostgresStreamingTopology source = new PostgresStreamingTopology("postgresql-133", URL_HOSTS,
            PATTERN, 5432);

    private static RecordedConnection writer(RecordedResultSet replicas) {
        return new RecordedConnection().answer(ROLE_QUERY, pgRole(false, 0L)).answer(REPLICAS_QUERY, replicas);
    }

    private static RecordedConnection replica(long lag, RecordedResultSet receiver) {
        return new RecordedConnection().answer(ROLE_QUERY, pgRole(true, lag)).answer(UPSTREAM_QUERY, receiver);
    }

    private Topology query(PostgresStreamingTopology s, RecordedConnection c, HostAddress self) throws SQLException {
        Topology t = s.query(c.connection(), self, sequence);
        assertThat(c.allClosed()).isTrue();
        return t;
    }

    @Test
    void onTheWriterNamesReplicasByApplicationNameNotBySourceAddress() throws SQLException {
        RecordedConnection c = writer(PG_REPLICATION_SUPERUSER);
        Topology t = query(source, c, N11);
        assertThat(c.executed()).containsExactly(ROLE_QUERY, REPLICAS_QUERY);
        assertThat(t.source()).isEqualTo("postgresql-streaming");
        assertThat(t.writer()).contains(new TopologyHost(null, N11, HostRole.WRITER, 0, -1, -1));
        assertThat(t.readers()).containsExactly(new TopologyHost(null, N13, HostRole.READER, 2346, -1, -1),
                new TopologyHost(null, N12, HostRole.READER, 0, -1, -1));
    }

    @Test
    void withoutStatisticsPrivilegesTheLagIsUnknown() throws SQLException {
        Topology t = query(source, writer(PG_REPLICATION_APP_USER), N11);
        assertThat(t.readers()).extracting(TopologyHost::address).containsExactly(N13, N12);
        assertThat(t.readers()).extracting(TopologyHost::replicaLagMillis).containsOnly(TopologyHost.UNKNOWN);
    }

    /** Every replica of the test cluster connects from 127.0.0.1, which is nobody's client address. */
    @Test
    void aSourceAddressThatIsNoConfiguredHostIsNotAReplica() throws SQLException {
        PostgresStreamingTopology noPattern = new PostgresStreamingTopology("postgresql-133", URL_HOSTS, null, 5432);
        try (CapturedLog log = new CapturedLog(PostgresStreamingTopology.class)) {
            Topology t = query(noPattern, writer(PG_REPLICATION_SUPERUSER), N11);
            assertThat(t.hosts()).extracting(TopologyHost::address).containsExactly(N11);
            assertThat(log.at(Level.WARNING)).hasSize(2).allSatisfy(m -> assertThat(m)
                    .startsWith("[postgresql-133] ignoring a replica that 127.0.133.11:5432 lists")
                    .contains("client_addr '127.0.0.1'"));
            query(noPattern, writer(PG_REPLICATION_SUPERUSER), N11);
            assertThat(log.at(Level.WARNING)).hasSize(2);
        }
    }

    @Test
    void matchesApplicationNamesAndSourceAddressesToConfiguredHosts() throws SQLException {
        HostAddress db1 = HostAddress.of("db1.internal", 5432);
        HostAddress db2 = HostAddress.of("db2.internal", 5432);
        HostAddress ip3 = HostAddress.of("10.0.0.3", 5432);
        PostgresStreamingTopology s = new PostgresStreamingTopology("c", List.of(db1, db2, ip3), null, 5432);
        Topology t = query(s, writer(pgReplicationColumns()
                .row("DB2.internal", "10.0.0.2", "streaming", 12L)
                .row("walreceiver", "10.0.0.3", "streaming", null)
                .row("walreceiver", "10.0.0.9", "catchup", null)
                .row("pg_basebackup", "10.0.0.7", "backup", null)), db1);
        assertThat(t.readers()).containsExactly(new TopologyHost(null, db2, HostRole.READER, 12, -1, -1),
                new TopologyHost(null, ip3, HostRole.READER, 0, -1, -1));
    }

    @Test
    void ignoresBaseBackupsQuietlyAndDuplicatesAndItself() throws SQLException {
        try (CapturedLog log = new CapturedLog(PostgresStreamingTopology.class)) {
            Topology t = query(source, writer(pgReplicationColumns()
                    .row("pg_basebackup", "127.0.0.1", "backup", null)
                    .row("pg_basebackup", null, null, null)
                    .row("12", "127.0.0.1", "streaming", 5L)
                    .row("12", "127.0.0.1", "startup", null)
                    .row("11", "127.0.0.1", "streaming", 0L)), N11);
            assertThat(t.hosts()).extracting(TopologyHost::address).containsExactly(N11, N12);
            assertThat(t.host(N12)).map(TopologyHost::replicaLagMillis).contains(5L);
            assertThat(log.at(Level.WARNING)).isEmpty();
        }
    }

    @Test
    void onAReplicaNamesTheWriterItStreamsFromAtItsClientAddress() throws SQLException {
        RecordedConnection c = replica(3268, PG_RECEIVER_SUPERUSER);
        Topology t = query(source, c, N13);
        assertThat(c.executed()).containsExactly(ROLE_QUERY, UPSTREAM_QUERY);
        assertThat(t.writer()).as("sender_port 15432 is the server's, behind the proxy")
                .contains(new TopologyHost(null, N11, HostRole.WRITER, 0, -1, -1));
        assertThat(t.readers()).containsExactly(new TopologyHost(null, N13, HostRole.READER, 3268, -1, -1));
    }

    @Test
    void aReplicaThatCannotSeeItsReceiverReportsOnlyItself() throws SQLException {
        Topology t = query(source, replica(0, PG_RECEIVER_APP_USER), N12);
        assertThat(t.writer()).isEmpty();
        assertThat(t.hosts()).containsExactly(new TopologyHost(null, N12, HostRole.READER, 0, -1, -1));
        assertThat(query(source, replica(0, PG_RECEIVER_NONE), N12).hosts()).hasSize(1);
        assertThat(query(source, replica(0, pgReceiverColumns().row("waiting", "127.0.133.11", 15432)), N12)
                .writer()).as("not streaming").isEmpty();
    }

    @Test
    void anUpstreamOutsideTheConfiguredHostsAndPatternIsIgnored() throws SQLException {
        try (CapturedLog log = new CapturedLog(PostgresStreamingTopology.class)) {
            Topology t = query(source, replica(0, pgReceiverColumns().row("streaming", "10.9.9.9", 5432)), N12);
            assertThat(t.writer()).isEmpty();
            assertThat(log.at(Level.WARNING)).singleElement().asString()
                    .contains("127.0.133.12:5432 replicates from '10.9.9.9' port 5432");
            Topology socket = query(source, replica(0, pgReceiverColumns().row("streaming", "/var/run/postgresql",
                    5432)), N12);
            assertThat(socket.writer()).isEmpty();
        }
    }

    @Test
    void theSenderPortTellsApartConfiguredHostsOnOneHost() throws SQLException {
        HostAddress a = HostAddress.of("localhost", 5432);
        HostAddress b = HostAddress.of("localhost", 5433);
        PostgresStreamingTopology s = new PostgresStreamingTopology("c", List.of(a, b), null, 5432);
        assertThat(query(s, replica(0, pgReceiverColumns().row("streaming", "localhost", 5433)), a).writer())
                .map(TopologyHost::address).contains(b);
        assertThat(query(s, replica(0, pgReceiverColumns().row("streaming", "LOCALHOST", 6000)), a).writer())
                .as("ambiguous").isEmpty();
    }

    @Test
    void aReplicaWhoseLagIsUnknownSaysSo() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY, pgRole(true, null))
                .answer(UPSTREAM_QUERY, PG_RECEIVER_NONE);
        assertThat(query(source, c, N12).hosts()).extracting(TopologyHost::replicaLagMillis)
                .containsExactly(TopologyHost.UNKNOWN);
    }

    @Test
    void identifiesTheClusterByTheWriterWhenTheNodeKnowsIt() throws SQLException {
        assertThat(source.clusterIdentity(writer(PG_REPLICATION_APP_USER).connection(), N11))
                .isEqualTo("postgresql-streaming://127.0.133.11:5432");
        assertThat(source.clusterIdentity(replica(0, PG_RECEIVER_SUPERUSER).connection(), N13))
                .isEqualTo("postgresql-streaming://127.0.133.11:5432");
        assertThat(source.clusterIdentity(replica(0, PG_RECEIVER_APP_USER).connection(), N12))
                .isEqualTo("postgresql-streaming://127.0.133.12:5432");
    }

    @Test
    void afterAFailoverTheNewWriterListsTheOldOne() throws SQLException {
        Topology t = query(source, writer(pgReplicationColumns().row("11", null, null, null)), N12);
        assertThat(t.writer()).map(TopologyHost::address).contains(N12);
        assertThat(t.readers()).extracting(TopologyHost::address).containsExactly(N11);
    }

    @Test
    void reportsAnUnexpectedAnswer() {
        RecordedConnection c = new RecordedConnection().answer(ROLE_QUERY,
                RecordedResultSet.columns("in_recovery", "replay_lag_ms"));
        assertThatThrownBy(() -> source.query(c.connection(), N11, sequence)).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("HY000"));
        SQLException gone = new SQLException("An I/O error occurred while sending to the backend.", "08006");
        RecordedConnection broken = new RecordedConnection().answer(ROLE_QUERY, pgRole(false, 0L))
                .fail(REPLICAS_QUERY, gone);
        assertThatThrownBy(() -> source.query(broken.connection(), N11, sequence)).isSameAs(gone);
        assertThat(broken.allClosed()).isTrue();
    }

    @Test
    void describesItself() {
        assertThat(source.coverage()).isEqualTo(TopologySource.Coverage.WRITER);
        assertThat(source.name()).isEqualTo("postgresql-streaming");
        assertThat(source.toString()).contains("127.0.133.11:5432", "127.0.133.?");
    }
}
