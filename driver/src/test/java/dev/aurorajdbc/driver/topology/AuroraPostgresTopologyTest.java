package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.InstanceHostPattern;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.logging.Level;

import static dev.aurorajdbc.driver.topology.Recordings.AURORA_PG_AFTER_FAILOVER;
import static dev.aurorajdbc.driver.topology.Recordings.AURORA_PG_LAGGING;
import static dev.aurorajdbc.driver.topology.Recordings.AURORA_PG_ON_REPLICA;
import static dev.aurorajdbc.driver.topology.Recordings.AURORA_PG_ON_WRITER;
import static dev.aurorajdbc.driver.topology.Recordings.AURORA_PG_STOPPED_REPLICA;
import static dev.aurorajdbc.driver.topology.Recordings.auroraPgColumns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuroraPostgresTopologyTest {
    private static final InstanceHostPattern TEST_CLUSTER = InstanceHostPattern.parse("127.0.133.?");
    private static final InstanceHostPattern AWS = InstanceHostPattern.parse("?.cxyz.us-east-1.rds.amazonaws.com");
    private static final HostAddress N11 = HostAddress.of("127.0.133.11", 5432);
    private static final HostAddress N12 = HostAddress.of("127.0.133.12", 5432);
    private static final HostAddress N13 = HostAddress.of("127.0.133.13", 5432);

    private final FakeClock clock = new FakeClock();
    private final Topology.Sequence sequence = new Topology.Sequence(clock);
    private final AuroraPostgresTopology source = new AuroraPostgresTopology("postgresql-133", TEST_CLUSTER, 5432);

    private Topology query(RecordedResultSet rows) throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(AuroraPostgresTopology.QUERY, rows);
        Topology t = source.query(c.connection(), N12, sequence);
        assertThat(c.executed()).containsExactly(AuroraPostgresTopology.QUERY);
        assertThat(c.allClosed()).as("statements and result sets closed").isTrue();
        return t;
    }

    @Test
    void readsTheWholeClusterOnTheWriter() throws SQLException {
        Topology t = query(AURORA_PG_ON_WRITER);
        assertThat(t.source()).isEqualTo("aurora-postgresql");
        assertThat(t.writer()).contains(new TopologyHost("11", N11, dev.aurorajdbc.routing.HostRole.WRITER, 0,
                TopologyHost.UNKNOWN, 3.0));
        assertThat(t.readers()).containsExactly(
                new TopologyHost("12", N12, dev.aurorajdbc.routing.HostRole.READER, 0, 1795504217412L, 1.5),
                new TopologyHost("13", N13, dev.aurorajdbc.routing.HostRole.READER, 0, 1795504217412L, 1.5));
    }

    @Test
    void readsTheSameClusterOnAReplica() throws SQLException {
        Topology onReplica = query(AURORA_PG_ON_REPLICA);
        assertThat(onReplica.sameAs(query(AURORA_PG_ON_WRITER))).isTrue();
        assertThat(onReplica.writer()).map(TopologyHost::lastUpdateEpochMillis).contains(1795504219773L);
        assertThat(onReplica.host(N12)).map(TopologyHost::lastUpdateEpochMillis).contains(TopologyHost.UNKNOWN);
    }

    @Test
    void lagIsInMilliseconds() throws SQLException {
        Topology t = query(AURORA_PG_LAGGING);
        assertThat(t.host(N13)).map(TopologyHost::replicaLagMillis).contains(3389L);
        assertThat(t.host(N12)).map(TopologyHost::replicaLagMillis).contains(0L);
        assertThat(t.writer()).map(TopologyHost::replicaLagMillis).contains(0L);
    }

    @Test
    void keepsAQuietReplicaUntilItIsFiveMinutesStale() throws SQLException {
        assertThat(query(AURORA_PG_STOPPED_REPLICA).host(N13)).isPresent();
        RecordedResultSet fiveMinutes = AURORA_PG_STOPPED_REPLICA.with(2, "age_ms", 300_000L);
        assertThat(query(fiveMinutes).host(N13)).isPresent();
        RecordedResultSet stale = AURORA_PG_STOPPED_REPLICA.with(2, "age_ms", 300_001L);
        Topology t = query(stale);
        assertThat(t.host(N13)).isEmpty();
        assertThat(t.hosts()).extracting(TopologyHost::instanceId).containsExactly("11", "12");
    }

    @Test
    void neverDropsAStaleWriter() throws SQLException {
        RecordedResultSet staleWriter = AURORA_PG_STOPPED_REPLICA.with(0, "age_ms", 3_600_000L);
        assertThat(query(staleWriter).writer()).map(TopologyHost::instanceId).contains("11");
    }

    @Test
    void followsAFailover() throws SQLException {
        Topology before = query(AURORA_PG_ON_WRITER);
        Topology after = query(AURORA_PG_AFTER_FAILOVER);
        assertThat(after.writer()).map(TopologyHost::address).contains(N12);
        assertThat(after.readers()).extracting(TopologyHost::address).containsExactly(N11, N13);
        assertThat(after.sameAs(before)).isFalse();
        assertThat(after.version()).isGreaterThan(before.version());
    }

    @Test
    void hasNoWriterWhileNoneIsListed() throws SQLException {
        Topology t = query(auroraPgColumns()
                .row("12", false, 0.0f, null, null, 1.5f)
                .row("13", false, 12.0f, 1795504265532L, 400L, 1.5f));
        assertThat(t.writer()).isEmpty();
        assertThat(t.readers()).hasSize(2);
    }

    /** During a failover the old writer's row lingers beside the new one's: the most recently updated wins. */
    @Test
    void takesTheMostRecentlyUpdatedOfSeveralWriters() throws SQLException {
        Topology t = query(auroraPgColumns()
                .row("11", true, null, 1795504255848L, 9000L, 3.0f)
                .row("12", true, null, null, null, 3.0f)
                .row("13", false, 0.0f, 1795504265532L, 200L, 1.5f));
        assertThat(t.writer()).map(TopologyHost::instanceId).contains("12");
        assertThat(t.hosts()).extracting(TopologyHost::instanceId).containsExactly("12", "13");
    }

    @Test
    void takesNoWriterWhenSeveralAreEquallyRecent() throws SQLException {
        try (CapturedLog log = new CapturedLog(AuroraPostgresTopology.class)) {
            Topology t = query(auroraPgColumns()
                    .row("11", true, null, 1795504255848L, 700L, 3.0f)
                    .row("12", true, null, 1795504255848L, 700L, 3.0f)
                    .row("13", false, 0.0f, 1795504255848L, 700L, 1.5f));
            assertThat(t.writer()).isEmpty();
            assertThat(t.hosts()).extracting(TopologyHost::instanceId).containsExactly("13");
            assertThat(log.at(Level.WARNING)).singleElement().asString().startsWith("[postgresql-133] ")
                    .contains("several writers");
        }
    }

    @Test
    void countsAnInstanceListedTwiceByItsMostRecentRow() throws SQLException {
        Topology t = query(auroraPgColumns()
                .row("12", true, null, 1795504265532L, 100L, 3.0f)
                .row("11", true, null, 1795504249356L, 16000L, 3.0f)
                .row("11", false, 0.0f, null, null, 1.5f)
                .row("13", false, 7.0f, 1795504249356L, 16000L, 1.5f)
                .row("13", false, 2.0f, 1795504265532L, 100L, 1.5f));
        assertThat(t.writer()).map(TopologyHost::instanceId).contains("12");
        assertThat(t.readers()).extracting(TopologyHost::instanceId).containsExactly("11", "13");
        assertThat(t.host(N13)).map(TopologyHost::replicaLagMillis).contains(2L);
    }

    @Test
    void ignoresAndLogsOnceIdsOutsideThePattern() throws SQLException {
        RecordedResultSet rows = auroraPgColumns()
                .row("11", true, null, null, null, 3.0f)
                .row("evil.example.com", false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row("12:6666", false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row("12/x", false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row("12\nFORGED", false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row("256", false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row("", false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row(null, false, 0.0f, 1795504217412L, 100L, 1.5f)
                .row("13", false, 0.0f, 1795504217412L, 100L, 1.5f);
        try (CapturedLog log = new CapturedLog(AuroraPostgresTopology.class)) {
            Topology t = query(rows);
            assertThat(t.hosts()).extracting(TopologyHost::instanceId).containsExactly("11", "13");
            assertThat(log.at(Level.WARNING)).hasSize(6).allSatisfy(m -> assertThat(m)
                    .startsWith("[postgresql-133] ignoring").contains("aurora_replica_status()").doesNotContain("\n"));
            assertThat(String.join(" ", log.at(Level.WARNING))).contains("'evil.example.com'", "'12:6666'", "'12/x'",
                    "'12\\u000aFORGED'", "'256'", "127.0.133.?");
            query(rows);
            assertThat(log.at(Level.WARNING)).as("warned once per id").hasSize(6);
            assertThat(log.at(Level.FINE)).anyMatch(m -> m.contains("evil.example.com"));
        }
    }

    @Test
    void unknownAndNonsenseFiguresAreUnknown() throws SQLException {
        Topology t = query(auroraPgColumns()
                .row("11", null, null, null, null, null)
                .row("12", false, null, -5L, 10L, -1.0f)
                .row("13", false, -1.0f, 1795504217412L, 10L, Float.NaN)
                .row("14", false, Float.NaN, 1795504217412L, 10L, Float.POSITIVE_INFINITY)
                .row("15", false, Float.POSITIVE_INFINITY, 1795504217412L, 10L, 0.0f));
        assertThat(t.writer()).as("a NULL session comparison is no writer").isEmpty();
        assertThat(t.readers()).extracting(TopologyHost::replicaLagMillis).containsOnly(TopologyHost.UNKNOWN);
        assertThat(t.readers()).extracting(TopologyHost::cpuPercent).containsExactly(-1.0, -1.0, -1.0, -1.0, 0.0);
        assertThat(t.readers()).extracting(TopologyHost::lastUpdateEpochMillis)
                .containsExactly(-1L, -1L, 1795504217412L, 1795504217412L, 1795504217412L);
    }

    /**
     * Shaped like AWS's documentation of {@code aurora_replica_status()}: instance identifiers as the console names
     * them, reader session ids that are UUIDs, fractional millisecond lags.
     */
    @Test
    void mapsAwsInstanceIdsThroughTheRdsPattern() throws SQLException {
        AuroraPostgresTopology aws = new AuroraPostgresTopology("database-1", AWS, 5432);
        RecordedConnection c = new RecordedConnection().answer(AuroraPostgresTopology.QUERY, auroraPgColumns()
                .row("database-1-instance-1", true, null, null, null, 2.25f)
                .row("database-1-instance-2", false, 18.5f, 1795504217412L, 640L, 0.75f)
                .row("database-1-instance-3", false, 10.4f, 1795504217412L, 640L, 1.0f));
        Topology t = aws.query(c.connection(), HostAddress.of("database-1.cluster-cxyz.us-east-1.rds.amazonaws.com",
                5432), sequence);
        assertThat(t.writer()).map(TopologyHost::address)
                .contains(HostAddress.of("database-1-instance-1.cxyz.us-east-1.rds.amazonaws.com", 5432));
        assertThat(t.readers()).extracting(TopologyHost::replicaLagMillis).containsExactly(19L, 10L);
        assertThat(t.readers()).extracting(h -> h.address().toString()).containsExactly(
                "database-1-instance-2.cxyz.us-east-1.rds.amazonaws.com:5432",
                "database-1-instance-3.cxyz.us-east-1.rds.amazonaws.com:5432");
    }

    @Test
    void thePatternsPortWinsOverTheUrls() throws SQLException {
        AuroraPostgresTopology proxied = new AuroraPostgresTopology("c", InstanceHostPattern.parse("127.0.133.?:6432"),
                5432);
        RecordedConnection c = new RecordedConnection().answer(AuroraPostgresTopology.QUERY, AURORA_PG_ON_WRITER);
        assertThat(proxied.query(c.connection(), N11, sequence).hosts()).extracting(h -> h.address().port())
                .containsOnly(6432);
    }

    @Test
    void passesQueryErrorsOnUnchanged() {
        SQLException missing = new SQLException("ERROR: function aurora_replica_status() does not exist", "42883");
        RecordedConnection c = new RecordedConnection().fail(AuroraPostgresTopology.QUERY, missing);
        assertThatThrownBy(() -> source.query(c.connection(), N11, sequence)).isSameAs(missing);
        assertThat(c.allClosed()).isTrue();
    }

    @Test
    void identifiesTheClusterByItsWritersAddress() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer(AuroraPostgresTopology.QUERY, AURORA_PG_ON_REPLICA);
        assertThat(source.clusterIdentity(c.connection(), N12)).isEqualTo("aurora-postgresql://127.0.133.11:5432");
        RecordedConnection noWriter = new RecordedConnection().answer(AuroraPostgresTopology.QUERY,
                auroraPgColumns().row("12", false, 0.0f, null, null, 1.5f));
        assertThat(source.clusterIdentity(noWriter.connection(), N12))
                .isEqualTo("aurora-postgresql://127.0.133.12:5432");
    }

    @Test
    void describesItself() {
        assertThat(source.name()).isEqualTo("aurora-postgresql");
        assertThat(source.coverage()).isEqualTo(TopologySource.Coverage.ANY_NODE);
        assertThat(source).hasToString("aurora-postgresql (instance host pattern 127.0.133.?, port 5432)");
        assertThatThrownBy(() -> new AuroraPostgresTopology("c", TEST_CLUSTER, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("port 0");
    }
}
