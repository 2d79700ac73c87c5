package dev.aurorajdbc.testcluster;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressBlockTest {
    @TempDir
    Path locks;

    @Test
    void aPinnedBlockIsTakenOnceAndFreeAgainAfterClose() {
        try (AddressBlock block = AddressBlock.allocate(locks, 45_000, 123)) {
            assertThat(block.block()).isEqualTo(123);
            assertThat(block.host(0)).isEqualTo("127.0.123.11");
            assertThat(block.instanceHostPattern()).isEqualTo("127.0.123.?");
            assertThatThrownBy(() -> AddressBlock.allocate(locks, 45_000, 123))
                    .isInstanceOf(TestClusterException.class).hasMessageContaining("127.0.123.x is held by another cluster");
            try (AddressBlock other = AddressBlock.allocate(locks, 45_000)) {
                assertThat(other.block()).as("a free block is another one").isNotEqualTo(123).isBetween(100, 249);
            }
        }
        try (AddressBlock again = AddressBlock.allocate(locks, 45_000, 123)) {
            assertThat(again.block()).isEqualTo(123);
        }
    }

    @Test
    void aNewClusterTakesABlockThatNoEarlierClusterOfThisJvmHad() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 20; i++) {
            try (AddressBlock block = AddressBlock.allocate(locks, 45_000)) {
                assertThat(seen.add(block.block())).as("block %d taken again, after %s", block.block(), seen).isTrue();
            }
        }
    }

    @Test
    void aBlockOutsideTheRangeIsRefused() {
        assertThatThrownBy(() -> AddressBlock.allocate(locks, 45_000, 99)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 100 and 249, got 99");
        assertThatThrownBy(() -> TestCluster.builder(Engine.POSTGRESQL).addressBlock(250))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 250");
    }
}
