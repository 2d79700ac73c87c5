package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;

import static dev.aurorajdbc.driver.topology.Recordings.AURORA_MYSQL_ON_REPLICA;
import static dev.aurorajdbc.driver.topology.Recordings.AURORA_MYSQL_ON_WRITER;
import static dev.aurorajdbc.driver.topology.Recordings.auroraMySqlColumns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuroraMySqlTopologyTest {
    private static final InstanceHostPattern TEST_CLUSTER = InstanceHostPattern.parse("127.0.172.?");
    private static final HostAddress N11 = HostAddress.of("127.0.172.11", 3306);
    private static final HostAddress N12 = HostAddress.of("127.0.172.12", 3306);
    private static final HostAddress N13 = HostAddress.of("127.0.172.13", 3306);

    private final Topology.Sequence sequence = new Topology.Sequence(new FakeClock());
    private final AuroraMySqlTopology source;

    AuroraMySqlTopologyTest() throws SQLException {
        source = AuroraMySqlTopology.withSchema("mysql-172", TEST_CLUSTER, 3306, "aurora_emulation");
    }

    private Topology query(AuroraMySqlTopology s, RecordedResultSet rows) throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(s.sql(), rows);
        Topology t = s.query(c.connection(), N13, sequence);
        assertThat(c.executed()).containsExactly(s.sql());
        assertThat(c.allClosed()).isTrue();
        return t;
    }

    @Test
    void readsTheEmulatedTableOnTheTestCluster() throws SQLException {
        Topology t = query(source, AURORA_MYSQL_ON_WRITER);
        assertThat(t.source()).isEqualTo("aurora-mysql");
        assertThat(t.writer()).contains(new TopologyHost("11", N11, HostRole.WRITER, 0, 1795504295121L, 3.0));
        assertThat(t.readers()).containsExactly(
                new TopologyHost("12", N12, HostRole.READER, 0, 1795504295121L, 1.5),
                new TopologyHost("13", N13, HostRole.READER, 1000, 1795504295121L, 1.5));
        assertThat(query(source, AURORA_MYSQL_ON_REPLICA).sameAs(t)).isTrue();
    }

    @Test
    void computesAgesOnTheServerInUtc() {
        assertThat(source.sql())
                .contains("FROM aurora_emulation.replica_host_status")
                .contains("UTC_TIMESTAMP(6)")
                .doesNotContain("NOW()")
                .contains("AS server_id", "AS is_writer", "AS replica_lag_ms", "AS last_update_epoch_ms", "AS age_ms",
                        "AS cpu");
        AuroraMySqlTopology aurora = new AuroraMySqlTopology("c", TEST_CLUSTER, 3306);
        assertThat(aurora.sql()).contains("FROM information_schema.replica_host_status");
        assertThat(aurora).hasToString("aurora-mysql (information_schema.replica_host_status, instance host pattern "
                + "127.0.172.?, port 3306)");
    }

    @Test
    void dropsReadersStaleForMoreThanFiveMinutesButNotTheWriter() throws SQLException {
        RecordedResultSet rows = AURORA_MYSQL_ON_WRITER.with(1, "age_ms", 300_001L).with(0, "age_ms", 900_000L);
        Topology t = query(source, rows);
        assertThat(t.writer()).map(TopologyHost::address).contains(N11);
        assertThat(t.readers()).extracting(TopologyHost::address).containsExactly(N13);
    }

    /**
     * Aurora MySQL can list an instance twice (a restarted reader's old session beside its new one; an instance
     * promoted to writer beside its old reader row): the most recent row counts.
     */
    @Test
    void countsDuplicateServerIdsOnce() throws SQLException {
        Topology t = query(source, auroraMySqlColumns()
                .row("12", 0, 35.0, 1795504290000L, 6000L, 1.5)
                .row("11", 1, 0.0, 1795504295121L, 984L, 3.0)
                .row("12", 0, 4.0, 1795504295121L, 984L, 1.5)
                .row("13", 1, 0.0, 1795504280000L, 16000L, 3.0)
                .row("13", 0, 0.0, 1795504295121L, 984L, 1.5));
        assertThat(t.writer()).map(TopologyHost::instanceId).contains("11");
        assertThat(t.readers()).extracting(TopologyHost::instanceId).containsExactly("12", "13");
        assertThat(t.host(N12)).map(TopologyHost::replicaLagMillis).contains(4L);
    }

    @Test
    void hasNoWriterWhenNoRowIsTheWriters() throws SQLException {
        Topology t = query(source, auroraMySqlColumns()
                .row("12", 0, 0.0, 1795504295121L, 984L, 1.5)
                .row("13", 0, 1000.0, 1795504295121L, 984L, 1.5));
        assertThat(t.writer()).isEmpty();
        assertThat(source.clusterIdentity(new RecordedConnection().answer(source.sql(), auroraMySqlColumns()
                .row("12", 0, 0.0, 1795504295121L, 984L, 1.5)).connection(), N12))
                .isEqualTo("aurora-mysql://127.0.172.12:3306");
    }

    @Test
    void aNullTimestampCountsAsFresh() throws SQLException {
        Topology t = query(source, auroraMySqlColumns()
                .row("11", 1, 0.0, 1795504295121L, 984L, 3.0)
                .row("12", 0, null, null, null, null));
        assertThat(t.host(N12)).contains(TopologyHost.of("12", N12, HostRole.READER));
    }

    @Test
    void identifiesTheClusterByItsWritersAddress() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(source.sql(), AURORA_MYSQL_ON_REPLICA);
        assertThat(source.clusterIdentity(c.connection(), N13)).isEqualTo("aurora-mysql://127.0.172.11:3306");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "information_schema; DROP TABLE x", "a.b", "`x`", "123", "sch ema",
        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsASchemaThatIsNotAPlainIdentifier(String schema) {
        assertThatThrownBy(() -> AuroraMySqlTopology.withSchema("c", TEST_CLUSTER, 3306, schema))
                .isInstanceOfSatisfying(SQLException.class, e -> {
                    assertThat(e.getSQLState()).isEqualTo("22023");
                    assertThat(e.getMessage()).contains("'" + schema + "'");
                });
    }

    @Test
    void acceptsPlainSchemaNames() throws SQLException {
        assertThat(AuroraMySqlTopology.withSchema("c", TEST_CLUSTER, 3306, "Aurora_$meta1").sql())
                .endsWith("FROM Aurora_$meta1.replica_host_status");
        assertThatThrownBy(() -> AuroraMySqlTopology.withSchema("c", TEST_CLUSTER, 3306, null))
                .isInstanceOf(SQLException.class).hasMessageContaining("'null'");
    }
}
