package dev.aurorajdbc.benchmarks.jmh;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The comparisons the JMH tables print: a difference, its error, and whether it is a claim or noise. */
class RatioTest {

    @Test
    void theDifferenceIsRelativeToThePeerAndItsErrorCombinesBothInQuadrature() {
        JmhCommand.Ratio r = JmhCommand.Ratio.of(110, 3, 100, 4);
        assertThat(r.percent()).isCloseTo(10.0, within(1e-9));
        assertThat(r.errorPercent()).isCloseTo(5.0, within(1e-9));
        assertThat(r.withinNoise()).isFalse();
        assertThat(r.text()).isEqualTo("+10.0 % ± 5.0");
    }

    @Test
    void aDifferenceSmallerThanItsErrorIsWithinNoise() {
        JmhCommand.Ratio r = JmhCommand.Ratio.of(100.5, 3, 100, 4);
        assertThat(r.withinNoise()).isTrue();
        assertThat(r.text()).isEqualTo("+0.5 % ± 5.0 (within noise)");
    }

    @Test
    void withoutAnErrorEstimateNoClaimIsMade() {
        JmhCommand.Ratio r = JmhCommand.Ratio.of(150, Double.NaN, 100, 1);
        assertThat(r.withinNoise()).isTrue();
        assertThat(r.text()).isEqualTo("+50.0 % (no error estimate: too few iterations)");
    }

    @Test
    void theTableHasOneRowPerOperationInOrderAndComparesAuroraWithEachPeer() {
        List<JmhCommand.Score> scores = List.of(
                new JmhCommand.Score("postgresql", "openClose", "raw", 1000, 10, 1000, 1),
                new JmhCommand.Score("postgresql", "selectOne", "aurora", 101, 1, 1600, 1),
                new JmhCommand.Score("postgresql", "selectOne", "raw", 100, 1, 1500, 1),
                new JmhCommand.Score("postgresql", "selectOne", "aws-default", 150, 2, 14000, 1));
        String table = JmhCommand.table(scores);
        assertThat(table).contains("| operation | raw | aurora | aws-default | aurora vs raw | aurora vs aws-default |")
                .contains("| selectOne | 100.0 ± 1.0 (1500 B) | 101.0 ± 1.0 (1600 B) | 150.0 ± 2.0 (14000 B) | +1.0 % ± 1.4 (within noise) | -32.7 % ± 1.5 |")
                .contains("| openClose | 1000.0 ± 10.0 (1000 B) | – | – | – | – |");
        assertThat(table.indexOf("| selectOne")).isLessThan(table.indexOf("| openClose"));
        assertThat(JmhCommand.headline(scores)).contains("`SELECT 1` on postgresql, jdbc:aurora: against raw: +1.0 % ± 1.4"
                + " (within noise) time, +100 B/op; aws-default: -32.7 % ± 1.5 time, -12400 B/op");
        assertThat(JmhCommand.toMicros(2500, "ns/op")).isEqualTo(2.5);
    }

    @Test
    void clientsOutsideThePerCallSetGetColumnsAndParametersSeparateTheRows() {
        List<JmhCommand.Score> scores = List.of(
                new JmhCommand.Score("postgresql", "togglePair (replicas=1)", "aurora", 0.209, 0.007, 240, 1),
                new JmhCommand.Score("postgresql", "togglePair (replicas=1)", "aws-rw", 7.156, 1.808, 9000, 1),
                new JmhCommand.Score("postgresql", "togglePair (replicas=2)", "aurora", 0.217, 0.014, 240, 1));
        String table = JmhCommand.table(scores);
        assertThat(table).contains("| operation | aurora | aws-rw | aurora vs aws-rw |")
                .contains("| togglePair (replicas=1) | 0.209 ± 0.007 (240 B) | 7.16 ± 1.81 (9000 B) | -97.1 % ± 25.3 |")
                .contains("| togglePair (replicas=2) | 0.217 ± 0.014 (240 B) | – | – |");
    }

    @Test
    void againstTheInMemoryStubTheWrapperCostIsGivenInNanoseconds() {
        List<JmhCommand.Score> scores = List.of(
                new JmhCommand.Score("-", "selectOne", "native-stub", 0.250, 0.003, 400, 1),
                new JmhCommand.Score("-", "selectOne", "aurora", 0.310, 0.004, 480, 1));
        assertThat(JmhCommand.table(scores)).contains("µs/op ± 99.9 % CI (bytes allocated/op)\n\n| operation | native-stub | aurora | aurora vs native-stub |")
                .contains("| selectOne | 0.250 ± 0.003 (400 B) | 0.310 ± 0.004 (480 B) | +60.0 ns ± 5.0 |");
        assertThat(JmhCommand.headline(scores))
                .isEqualTo("- `SELECT 1`, the wrapper's own cost (in memory, no network): jdbc:aurora: adds +60.0 ns ± 5.0"
                        + " per call\n\n");
    }
}
