package dev.aurorajdbc.testcluster.endpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The endpoint records over time, on a fake clock: the stale-DNS window, the turns, instances and custom endpoints. */
class EndpointRecordsTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final EndpointNames NAMES = EndpointNames.of("postgresql-7", 7);
    private final EndpointRecords records = new EndpointRecords(NAMES, 3 * SECOND, SECOND);

    private static List<EndpointDns.Instance> cluster(String writerId, String... replicaIds) {
        List<EndpointDns.Instance> all = new ArrayList<>();
        all.add(new EndpointDns.Instance(writerId, "127.0.7." + writerId, true));
        for (String r : replicaIds) {
            all.add(new EndpointDns.Instance(r, "127.0.7." + r, false));
        }
        return all;
    }

    private String answer(List<String> lines, String name) {
        return lines.stream().filter(l -> l.endsWith(" " + name)).map(l -> l.substring(0, l.indexOf(' ')))
                .findFirst().orElse(null);
    }

    @Test
    void namesAreInAuroraFormatAndTheDerivedPatternFindsEachInstance() {
        assertThat(NAMES.clusterEndpoint()).isEqualTo("postgresql-7.cluster-c5eed0000007.us-east-1.rds.amazonaws.com");
        assertThat(NAMES.readerEndpoint()).isEqualTo("postgresql-7.cluster-ro-c5eed0000007.us-east-1.rds.amazonaws.com");
        assertThat(NAMES.instanceEndpoint("11")).isEqualTo("11.c5eed0000007.us-east-1.rds.amazonaws.com");
        assertThat(NAMES.customEndpoint("analytics"))
                .isEqualTo("analytics.cluster-custom-c5eed0000007.us-east-1.rds.amazonaws.com");
        assertThat(NAMES.instanceHostPattern().replace("?", "11")).isEqualTo(NAMES.instanceEndpoint("11"));
        assertThatThrownBy(() -> NAMES.customEndpoint("Bad_Name")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Bad_Name");
    }

    @Test
    void theClusterEndpointFollowsANewWriterOnlyAfterTheStaleWindow() {
        List<String> at0 = records.at(0, cluster("11", "12", "13"));
        assertThat(answer(at0, NAMES.clusterEndpoint())).isEqualTo("127.0.7.11");

        // Failover to 12 seen at t = 10 s: the old answer stays for 3 s.
        assertThat(answer(records.at(10 * SECOND, cluster("12", "11", "13")), NAMES.clusterEndpoint())).isEqualTo("127.0.7.11");
        assertThat(answer(records.at(12 * SECOND, cluster("12", "11", "13")), NAMES.clusterEndpoint())).isEqualTo("127.0.7.11");
        assertThat(answer(records.at(13 * SECOND, cluster("12", "11", "13")), NAMES.clusterEndpoint())).isEqualTo("127.0.7.12");
    }

    @Test
    void noWriterForAMomentKeepsTheRecordAndAWriterBackInTheWindowCancelsTheMove() {
        records.at(0, cluster("11", "12"));
        List<EndpointDns.Instance> none = List.of(new EndpointDns.Instance("11", "127.0.7.11", false),
                new EndpointDns.Instance("12", "127.0.7.12", false));
        assertThat(answer(records.at(SECOND, none), NAMES.clusterEndpoint())).isEqualTo("127.0.7.11");
        records.at(2 * SECOND, cluster("12", "11"));
        records.at(3 * SECOND, cluster("11", "12")); // back before the window ended
        assertThat(answer(records.at(9 * SECOND, cluster("11", "12")), NAMES.clusterEndpoint())).isEqualTo("127.0.7.11");
        // A new move starts its own window.
        records.at(10 * SECOND, cluster("12", "11"));
        assertThat(answer(records.at(12 * SECOND, cluster("12", "11")), NAMES.clusterEndpoint())).isEqualTo("127.0.7.11");
        assertThat(answer(records.at(13 * SECOND, cluster("12", "11")), NAMES.clusterEndpoint())).isEqualTo("127.0.7.12");
    }

    @Test
    void theReaderEndpointAnswersEachReplicaInTurnAndTheWriterWhenThereIsNone() {
        List<String> seen = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            seen.add(answer(records.at(s * SECOND, cluster("11", "12", "13", "14")), NAMES.readerEndpoint()));
        }
        assertThat(seen).containsExactly("127.0.7.12", "127.0.7.13", "127.0.7.14", "127.0.7.12", "127.0.7.13",
                "127.0.7.14");
        assertThat(answer(records.at(7 * SECOND, cluster("11")), NAMES.readerEndpoint())).isEqualTo("127.0.7.11");
    }

    @Test
    void instanceEndpointsFollowAddedAndRemovedInstances() {
        List<String> before = records.at(0, cluster("11", "12"));
        assertThat(answer(before, NAMES.instanceEndpoint("13"))).isNull();
        List<String> added = records.at(SECOND, cluster("11", "12", "13"));
        assertThat(answer(added, NAMES.instanceEndpoint("13"))).isEqualTo("127.0.7.13");
        List<String> removed = records.at(2 * SECOND, cluster("11", "13"));
        assertThat(answer(removed, NAMES.instanceEndpoint("12"))).isNull();
    }

    @Test
    void aCustomEndpointAnswersItsMembersInTurnAndFollowsItsChanges() {
        records.custom("analytics", Set.of("12", "13"));
        String name = NAMES.customEndpoint("analytics");
        assertThat(answer(records.at(0, cluster("11", "12", "13", "14")), name)).isEqualTo("127.0.7.12");
        assertThat(answer(records.at(SECOND, cluster("11", "12", "13", "14")), name)).isEqualTo("127.0.7.13");
        records.custom("analytics", Set.of("14"));
        assertThat(answer(records.at(2 * SECOND, cluster("11", "12", "13", "14")), name)).isEqualTo("127.0.7.14");
        records.custom("analytics", Set.of("99")); // no member exists: no answer
        assertThat(answer(records.at(3 * SECOND, cluster("11", "12", "13", "14")), name)).isNull();
        assertThat(records.deleteCustom("analytics")).isTrue();
        assertThat(records.customEndpoints()).isEmpty();
    }
}
