package dev.aurorajdbc.routing;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class TopologyTest {
    private static final HostAddress A = HostAddress.of("127.0.133.11", 5432);
    private static final HostAddress B = HostAddress.of("127.0.133.12", 5432);
    private static final HostAddress C = HostAddress.of("127.0.133.13", 5432);

    private static TopologyHost host(String id, HostAddress a, HostRole role, long lag) {
        return new TopologyHost(id, a, role, lag, 1_795_504_217_412L, 1.5);
    }

    @Test
    void listsTheWriterFirstThenTheReadersInReportedOrder() {
        Topology t = Topology.of(1, "test", 0, List.of(host("13", C, HostRole.READER, 5),
                host("11", A, HostRole.WRITER, 0), host("12", B, HostRole.READER, 0)));
        assertThat(t.writer()).map(TopologyHost::address).contains(A);
        assertThat(t.readers()).extracting(TopologyHost::address).containsExactly(C, B);
        assertThat(t.hosts()).extracting(TopologyHost::address).containsExactly(A, C, B);
        assertThat(t.host(B)).map(TopologyHost::instanceId).contains("12");
        assertThat(t.host(HostAddress.of("127.0.133.14", 5432))).isEmpty();
        assertThat(t.instance("13")).map(TopologyHost::address).contains(C);
        assertThat(t.instance("14")).isEmpty();
        assertThat(t.instance(null)).isEmpty();
        assertThat(t.isEmpty()).isFalse();
        assertThat(t).hasToString("topology v1 from test: [writer 11 127.0.133.11:5432 (lag 0 ms, cpu 1.5%), "
                + "reader 13 127.0.133.13:5432 (lag 5 ms, cpu 1.5%), reader 12 127.0.133.12:5432 (lag 0 ms, cpu 1.5%)]");
    }

    @Test
    void mayHaveNoWriterWhileAFailoverIsUnderWay() {
        Topology t = Topology.of(7, "test", 0, List.of(host("12", B, HostRole.READER, 0)));
        assertThat(t.writer()).isEmpty();
        assertThat(t.readers()).hasSize(1);
        assertThat(t.toString()).startsWith("topology v7 from test: no writer, [reader 12");
        assertThat(Topology.of(1, "test", 0, List.of()).isEmpty()).isTrue();
    }

    @Test
    void isUnmodifiable() {
        List<TopologyHost> given = new ArrayList<>(List.of(host("11", A, HostRole.WRITER, 0)));
        Topology t = Topology.of(1, "test", 0, given);
        given.add(host("12", B, HostRole.READER, 0));
        assertThat(t.hosts()).hasSize(1);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> t.hosts().add(host("12", B, HostRole.READER, 0)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsTwoWritersDuplicateAddressesAndDuplicateIds() {
        assertThatIllegalArgumentException().isThrownBy(() -> Topology.of(1, "test", 0,
                List.of(host("11", A, HostRole.WRITER, 0), host("12", B, HostRole.WRITER, 0))))
                .withMessageContaining("two writers").withMessageContaining("127.0.133.11").withMessageContaining("127.0.133.12");
        assertThatIllegalArgumentException().isThrownBy(() -> Topology.of(1, "test", 0,
                List.of(host("11", A, HostRole.WRITER, 0), host("12", A, HostRole.READER, 0))))
                .withMessageContaining("127.0.133.11:5432 listed twice");
        assertThatIllegalArgumentException().isThrownBy(() -> Topology.of(1, "test", 0,
                List.of(host("11", A, HostRole.WRITER, 0), host("11", B, HostRole.READER, 0))))
                .withMessageContaining("'11' listed twice");
        assertThat(Topology.of(1, "test", 0, List.of(TopologyHost.of(null, A, HostRole.WRITER),
                TopologyHost.of(null, B, HostRole.READER))).hosts()).hasSize(2);
        assertThatIllegalArgumentException().isThrownBy(() -> Topology.of(-1, "test", 0, List.of()));
        assertThatIllegalArgumentException().isThrownBy(() -> Topology.of(1, " ", 0, List.of()));
    }

    @Test
    void equalityIsAboutContentNotVersionSourceOrTime() {
        Topology t1 = Topology.of(1, "aurora-postgresql", 10, List.of(host("11", A, HostRole.WRITER, 0),
                host("12", B, HostRole.READER, 3)));
        Topology t2 = Topology.of(2, "other", 99, List.of(host("12", B, HostRole.READER, 3),
                host("11", A, HostRole.WRITER, 0)));
        Topology lagChanged = Topology.of(3, "aurora-postgresql", 10, List.of(host("11", A, HostRole.WRITER, 0),
                host("12", B, HostRole.READER, 4)));
        assertThat(t1).isEqualTo(t2).hasSameHashCodeAs(t2).isNotEqualTo(lagChanged);
        assertThat(t1.sameAs(t2)).isTrue();
        assertThat(t1.sameAs(lagChanged)).isTrue();
    }

    @Test
    void sameAsSeesMembersComingAndGoingAndRolesChanging() {
        Topology before = Topology.of(1, "test", 0, List.of(host("11", A, HostRole.WRITER, 0),
                host("12", B, HostRole.READER, 0)));
        Topology added = Topology.of(2, "test", 0, List.of(host("11", A, HostRole.WRITER, 0),
                host("12", B, HostRole.READER, 0), host("13", C, HostRole.READER, 0)));
        Topology failedOver = Topology.of(3, "test", 0, List.of(host("12", B, HostRole.WRITER, 0),
                host("11", A, HostRole.READER, 0)));
        Topology writerGone = Topology.of(4, "test", 0, List.of(host("11", A, HostRole.READER, 0),
                host("12", B, HostRole.READER, 0)));
        Topology renamed = Topology.of(5, "test", 0, List.of(host("11", A, HostRole.WRITER, 0),
                host("x", B, HostRole.READER, 0)));
        assertThat(before.sameAs(added)).isFalse();
        assertThat(added.sameAs(before)).isFalse();
        assertThat(before.sameAs(failedOver)).isFalse();
        assertThat(before.sameAs(writerGone)).isFalse();
        assertThat(before.sameAs(renamed)).isFalse();
        assertThat(before.sameAs(null)).isFalse();
        assertThat(before.sameAs(before)).isTrue();
    }

    @Test
    void aSequenceNumbersSnapshotsAndStampsThemWithItsClock() {
        FakeClock clock = new FakeClock();
        Topology.Sequence seq = new Topology.Sequence(clock);
        assertThat(seq.lastVersion()).isZero();
        Topology first = seq.next("test", List.of(host("11", A, HostRole.WRITER, 0)));
        clock.advanceMillis(250);
        Topology second = seq.next("test", List.of(host("11", A, HostRole.WRITER, 0)));
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(seq.lastVersion()).isEqualTo(2);
        assertThat(second.takenAtNanos() - first.takenAtNanos()).isEqualTo(250_000_000L);
        assertThat(first.ageNanos(clock)).isEqualTo(250_000_000L);
        assertThat(second.ageNanos(clock)).isZero();
        assertThat(seq.clock()).isSameAs(clock);
    }

    @Test
    void aSequenceNeverIssuesAVersionTwiceAcrossThreads() throws InterruptedException {
        Topology.Sequence seq = new Topology.Sequence(new FakeClock());
        ConcurrentLinkedQueue<Long> versions = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int j = 0; j < 1000; j++) {
                    versions.add(seq.next("test", List.of()).version());
                }
            });
            t.start();
            threads.add(t);
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(versions).hasSize(4000).doesNotHaveDuplicates();
        assertThat(seq.lastVersion()).isEqualTo(4000);
    }
}
