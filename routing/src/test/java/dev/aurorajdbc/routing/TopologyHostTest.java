package dev.aurorajdbc.routing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopologyHostTest {
    private static final HostAddress A = HostAddress.of("db-1.example.com", 5432);

    @Test
    void aWritersLagIsZero() {
        assertThat(new TopologyHost("db-1", A, HostRole.WRITER, 1234, -1, -1).replicaLagMillis()).isZero();
        assertThat(new TopologyHost("db-1", A, HostRole.WRITER, -1, -1, -1).replicaLagMillis()).isZero();
        assertThat(new TopologyHost("db-1", A, HostRole.READER, 1234, -1, -1).replicaLagMillis()).isEqualTo(1234);
    }

    @Test
    void unknownFiguresAreMinusOne() {
        TopologyHost h = TopologyHost.of(null, A, HostRole.READER);
        assertThat(h.instanceId()).isNull();
        assertThat(h.replicaLagMillis()).isEqualTo(TopologyHost.UNKNOWN);
        assertThat(h.lastUpdateEpochMillis()).isEqualTo(TopologyHost.UNKNOWN);
        assertThat(h.cpuPercent()).isEqualTo(-1.0);
        assertThat(h).hasToString("reader db-1.example.com:5432");
        assertThat(h.isWriter()).isFalse();
    }

    @Test
    void rejectsNonsense() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TopologyHost(" ", A, HostRole.READER, -1, -1, -1))
                .withMessageContaining("blank instance id");
        assertThatIllegalArgumentException().isThrownBy(() -> new TopologyHost("a", A, HostRole.READER, -2, -1, -1))
                .withMessageContaining("-2 ms");
        assertThatIllegalArgumentException().isThrownBy(() -> new TopologyHost("a", A, HostRole.READER, -1, -5, -1));
        assertThatIllegalArgumentException().isThrownBy(() -> new TopologyHost("a", A, HostRole.READER, -1, -1, Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> new TopologyHost("a", A, HostRole.READER, -1, -1, -0.5));
        assertThatIllegalArgumentException().isThrownBy(
                () -> new TopologyHost("a", A, HostRole.READER, -1, -1, Double.POSITIVE_INFINITY));
    }

    @Test
    void sameMemberIgnoresTheFigures() {
        TopologyHost h = new TopologyHost("db-1", A, HostRole.READER, 10, 1000, 3);
        assertThat(h.sameMember(new TopologyHost("db-1", A, HostRole.READER, 99, 2000, 50))).isTrue();
        assertThat(h.sameMember(new TopologyHost("db-1", A, HostRole.WRITER, 0, 1000, 3))).isFalse();
        assertThat(h.sameMember(new TopologyHost("db-2", A, HostRole.READER, 10, 1000, 3))).isFalse();
        assertThat(h.sameMember(null)).isFalse();
        assertThat(h).hasToString("reader db-1 db-1.example.com:5432 (lag 10 ms, cpu 3.0%)");
    }
}
