package dev.aurorajdbc.routing;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReaderSelectorTest {
    private static final HostAddress W = HostAddress.of("127.0.0.11", 5432);
    private static final HostAddress A = HostAddress.of("127.0.0.12", 5432);
    private static final HostAddress B = HostAddress.of("127.0.0.13", 5432);
    private static final HostAddress C = HostAddress.of("127.0.0.14", 5432);

    private static TopologyHost host(HostAddress a, HostRole role, long lag) {
        return new TopologyHost(a.host().substring(a.host().lastIndexOf('.') + 1), a, role, lag, TopologyHost.UNKNOWN, 1.5);
    }

    private static final Topology TOPOLOGY = Topology.of(1, "test", 0, List.of(host(W, HostRole.WRITER, 0),
            host(A, HostRole.READER, 10), host(B, HostRole.READER, 5_000), host(C, HostRole.READER, TopologyHost.UNKNOWN)));

    private static List<TopologyHost> readers() {
        return ReaderSelector.eligible(TOPOLOGY, 0, h -> true, Set.of());
    }

    @Test
    void eligibleReadersHonourLagHealthAndExclusions() {
        assertThat(readers()).extracting(TopologyHost::address).containsExactly(A, B, C);
        assertThat(ReaderSelector.eligible(TOPOLOGY, 1000, h -> true, Set.of()))
                .as("B lags 5 s; unknown lag does not exclude").extracting(TopologyHost::address).containsExactly(A, C);
        assertThat(ReaderSelector.eligible(TOPOLOGY, 0, h -> !h.equals(A), Set.of(C)))
                .extracting(TopologyHost::address).containsExactly(B);
        assertThat(ReaderSelector.eligible(TOPOLOGY, 1, h -> true, Set.of(C))).isEmpty();
    }

    @Test
    void roundRobinTakesEachInTurn() {
        ReaderSelector s = ReaderSelector.roundRobin();
        Map<HostAddress, Integer> counts = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            counts.merge(s.choose(readers()).address(), 1, Integer::sum);
        }
        assertThat(counts).containsEntry(A, 100).containsEntry(B, 100).containsEntry(C, 100);
    }

    @Test
    void randomUsesEveryCandidate() {
        ReaderSelector s = ReaderSelector.random();
        Map<HostAddress, Integer> counts = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            counts.merge(s.choose(readers()).address(), 1, Integer::sum);
        }
        assertThat(counts).hasSize(3);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void leastConnectionsTakesTheLeastLoaded() {
        Map<HostAddress, Integer> load = new HashMap<>(Map.of(A, 3, B, 1, C, 2));
        ReaderSelector s = ReaderSelector.leastConnections(h -> load.getOrDefault(h, 0));
        assertThat(s.choose(readers()).address()).isEqualTo(B);
        load.put(B, 5);
        assertThat(s.choose(readers()).address()).isEqualTo(C);
    }

    @Test
    void lowestLatencyMeasuresUnknownHostsFirstThenTakesTheFastest() {
        Map<HostAddress, Long> latency = new HashMap<>(Map.of(A, 900_000L, B, 300_000L));
        ReaderSelector s = ReaderSelector.lowestLatency(h -> latency.getOrDefault(h, -1L));
        assertThat(s.choose(readers()).address()).as("C is not measured yet").isEqualTo(C);
        latency.put(C, 500_000L);
        assertThat(s.choose(readers()).address()).isEqualTo(B);
    }
}
