package dev.aurorajdbc.testcluster.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GtidSetTest {
    private static final String A = "3e11fa47-71ca-11e1-9e33-c80aa9429562";
    private static final String B = "4f22fb58-82db-22f2-af44-d91bb9539673";

    @Test
    void countsTheTransactionsOfEveryServer() {
        assertThat(GtidSet.parse("").count()).isZero();
        assertThat(GtidSet.parse(A + ":1-5:11-18,\n" + B + ":1-27").count()).isEqualTo(5 + 8 + 27);
        assertThat(GtidSet.parse(A + ":7").count()).isEqualTo(1);
    }

    @Test
    void unionsMergeOverlappingAndAdjacentRanges() {
        GtidSet executed = GtidSet.parse(A + ":1-10," + B + ":1-3");
        GtidSet retrieved = GtidSet.parse(A + ":8-14");
        GtidSet union = executed.union(retrieved);
        assertThat(union.count()).isEqualTo(14 + 3);
        assertThat(union).hasToString(A + ":1-14," + B + ":1-3");
        assertThat(GtidSet.parse(A + ":1-3").union(GtidSet.parse(A.toUpperCase(java.util.Locale.ROOT) + ":4-5")).count()).isEqualTo(5);
    }

    @Test
    void taggedRangesCountToo() {
        assertThat(GtidSet.parse(A + ":1-5:aurora:1-2").count()).isEqualTo(7);
    }
}
