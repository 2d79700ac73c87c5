package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.benchmarks.demo.Fault;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The window of one trial and the summary of a client's trials. */
class TrialStatisticsTest {
    private static final long MS = 1_000_000;

    @Test
    void theWindowIsTheLongestGapWhoseEndFollowsTheFault() {
        // acks every 5 ms, the fault at 22 ms, an outage from 25 to 1025 ms, then every 5 ms again
        long[] acks = {0, 5 * MS, 10 * MS, 15 * MS, 20 * MS, 25 * MS, 1025 * MS, 1030 * MS, 1035 * MS};
        assertThat(TrialWriter.window(acks, 22 * MS)).isEqualTo(1000.0);
    }

    @Test
    void aLongerGapBeforeTheFaultDoesNotCount() {
        long[] acks = {0, 3000 * MS, 3005 * MS, 3505 * MS, 3510 * MS};
        assertThat(TrialWriter.window(acks, 3004 * MS)).isEqualTo(500.0);
    }

    @Test
    void writesThatStillLandAfterTheFaultDoNotEndTheWindow() {
        // failover(): the writer takes two more writes after the mark, then is shut down
        long[] acks = {0, 5 * MS, 10 * MS, 15 * MS, 800 * MS};
        assertThat(TrialWriter.window(acks, 1 * MS)).isEqualTo(785.0);
    }

    @Test
    void noAcknowledgementAfterTheFaultHasNoWindow() {
        assertThat(TrialWriter.window(new long[] {0, 5 * MS}, 6 * MS)).isEqualTo(-1.0);
        assertThat(TrialWriter.window(new long[0], 0)).isEqualTo(-1.0);
    }

    @Test
    void theSummaryCountsTrialsThatDidNotResumeAtTheirBoundAndSumsLostWrites() {
        List<TrialResult> trials = new ArrayList<>();
        for (int i = 1; i <= 19; i++) {
            trials.add(trial(i, true, 400 + i, 300, i == 5 ? 2 : 0));
        }
        trials.add(trial(20, false, 60_000, 300, -1));
        Map<String, Object> s = FailoverHarness.summary(trials);
        assertThat(s).containsEntry("trials", 20).containsEntry("resumed", 19L).containsEntry("lost", 2L)
                .containsEntry("unchecked", 1L);
        @SuppressWarnings("unchecked")
        Map<String, Object> window = (Map<String, Object>) s.get("windowMs");
        assertThat(window).containsEntry("median", 410.5).containsEntry("p95", 419.0).containsEntry("max", 60_000.0);
        @SuppressWarnings("unchecked")
        Map<String, Object> excess = (Map<String, Object>) s.get("windowMinusClusterMs");
        assertThat(excess).containsEntry("median", 110.5);
    }

    private static TrialResult trial(int n, boolean resumed, double window, long cluster, long lost) {
        return new TrialResult(ClientKind.AURORA, Fault.KILL, n, resumed, window, 1000, cluster - 1000 < 0 ? 0 : cluster - 1000,
                cluster, Map.of(), 100, lost, 1, 0, 2, 0, List.of(), "");
    }

    @Test
    void theIssueFourTargetIsTheClustersMedianPlus300MsForKillAndFailoverAndTwoSecondsOtherwise() {
        List<TrialResult> trials = List.of(trial(1, true, 700, 400, 0), trial(2, true, 710, 420, 0), trial(3, true, 720, 440, 0));
        assertThat(FailoverHarness.target(Fault.KILL, 720, trials)).isEqualTo("≤ 720 (cluster + 300): met");
        assertThat(FailoverHarness.target(Fault.FAILOVER, 721, trials)).isEqualTo("≤ 720 (cluster + 300): missed");
        assertThat(FailoverHarness.target(Fault.HANG, 2_000, trials)).isEqualTo("≤ 2000: met");
        assertThat(FailoverHarness.target(Fault.CUT, 2_001, trials)).isEqualTo("≤ 2000: missed");
        assertThat(FailoverHarness.target(Fault.KILL, 500, List.of())).isEqualTo("–");
    }
}
