package dev.aurorajdbc.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StatsTest {

    @Test
    void theMedianOfAnOddSampleIsItsMiddleValueWhateverTheOrder() {
        Stats s = Stats.of(9, 1, 5, 3, 7);
        assertThat(s.median()).isEqualTo(5);
        assertThat(s.min()).isEqualTo(1);
        assertThat(s.max()).isEqualTo(9);
        assertThat(s.count()).isEqualTo(5);
    }

    @Test
    void theMedianOfAnEvenSampleIsTheMeanOfTheTwoMiddleValues() {
        assertThat(Stats.of(4, 1, 3, 2).median()).isEqualTo(2.5);
    }

    @Test
    void p95OfTwentyTrialsIsTheNineteenthSmallest() {
        List<Long> values = new ArrayList<>();
        for (long i = 20; i >= 1; i--) {
            values.add(i * 100);
        }
        Stats s = Stats.of(values);
        assertThat(s.p95()).isEqualTo(1900);
        assertThat(s.median()).isEqualTo(1050);
    }

    @Test
    void oneOutlierInTwentyDoesNotMoveP95AndTwoDo() {
        double[] one = new double[20];
        java.util.Arrays.fill(one, 500);
        one[7] = 60_000;
        assertThat(Stats.of(one).p95()).isEqualTo(500);
        one[3] = 60_000;
        assertThat(Stats.of(one).p95()).isEqualTo(60_000);
    }

    @Test
    void p95OfASmallSampleIsItsMaximum() {
        assertThat(Stats.of(3, 1, 2).p95()).isEqualTo(3);
        assertThat(Stats.of(42).p95()).isEqualTo(42);
        assertThat(Stats.of(42).median()).isEqualTo(42);
    }

    @Test
    void theInputIsNotReordered() {
        double[] values = {3, 1, 2};
        Stats.of(values);
        assertThat(values).containsExactly(3, 1, 2);
    }

    @Test
    void anEmptySampleIsRefused() {
        assertThatThrownBy(() -> Stats.of(new double[0])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty");
        assertThatThrownBy(() -> Stats.percentile(new double[] {1}, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
