package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;

import static dev.aurorajdbc.driver.topology.Recordings.MARIADB_VERSION;
import static dev.aurorajdbc.driver.topology.Recordings.pgRole;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StaticTopologyTest {
    private static final HostAddress N11 = HostAddress.of("127.0.133.11", 5432);
    private static final HostAddress M12 = HostAddress.of("127.0.172.12", 3306);

    private final Topology.Sequence sequence = new Topology.Sequence(new FakeClock());

    @Test
    void aPostgresNodeReportsItsRoleAndLag() throws SQLException {
        StaticTopology s = StaticTopology.postgresql();
        RecordedConnection writer = new RecordedConnection().answer(PostgresStreamingTopology.ROLE_QUERY,
                pgRole(false, 0L));
        assertThat(s.query(writer.connection(), N11, sequence).hosts())
                .containsExactly(new TopologyHost(null, N11, HostRole.WRITER, 0, -1, -1));
        RecordedConnection replica = new RecordedConnection().answer(PostgresStreamingTopology.ROLE_QUERY,
                pgRole(true, 3268L));
        assertThat(s.query(replica.connection(), N11, sequence).hosts())
                .containsExactly(new TopologyHost(null, N11, HostRole.READER, 3268, -1, -1));
        assertThat(writer.allClosed() && replica.allClosed()).isTrue();
    }

    @Test
    void aMySqlNodeReportsItsRole() throws SQLException {
        StaticTopology s = StaticTopology.mysql();
        RecordedConnection writer = new RecordedConnection().answer(StaticTopology.MYSQL_ROLE_QUERY,
                Recordings.mysqlRole(0, MARIADB_VERSION));
        assertThat(s.query(writer.connection(), M12, sequence).writer()).map(TopologyHost::address).contains(M12);
        RecordedConnection replica = new RecordedConnection().answer(StaticTopology.MYSQL_ROLE_QUERY,
                Recordings.mysqlRole(1, MARIADB_VERSION));
        Topology t = s.query(replica.connection(), M12, sequence);
        assertThat(t.hosts()).containsExactly(TopologyHost.of(null, M12, HostRole.READER));
        assertThat(s.clusterIdentity(replica.connection(), M12)).isEqualTo("static://127.0.172.12:3306");
    }

    @Test
    void anEmptyAnswerIsAnError() {
        RecordedConnection c = new RecordedConnection().answer(StaticTopology.MYSQL_ROLE_QUERY,
                RecordedResultSet.columns("read_only"));
        assertThatThrownBy(() -> StaticTopology.mysql().query(c.connection(), M12, sequence))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("HY000"))
                .hasMessageContaining("127.0.172.12:3306");
    }

    @Test
    void describesItself() {
        assertThat(StaticTopology.postgresql().coverage()).isEqualTo(TopologySource.Coverage.SELF);
        assertThat(StaticTopology.mysql().name()).isEqualTo("static");
        assertThat(StaticTopology.mysql()).hasToString("static (mysql)");
    }
}
