package dev.aurorajdbc.routing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostHealthTest {
    private final FakeClock clock = new FakeClock();
    private final HostHealth health = new HostHealth(clock, Duration.ofMillis(1000), Duration.ofMillis(4000));
    private final HostAddress a = HostAddress.of("127.0.0.11", 5432);
    private final HostAddress b = HostAddress.of("127.0.0.12", 5432);

    @Test
    void unknownHostsAreUsable() {
        assertThat(health.isAvoided(a)).isFalse();
        assertThat(health.tryAcquire(a)).isTrue();
        health.succeeded(a);
        assertThat(health.tryAcquire(a)).isTrue();
    }

    @Test
    void oneFailureAvoidsTheHostUntilTheWaitHasPassed() {
        health.failed(a, new IOException("refused"));
        assertThat(health.isAvoided(a)).isTrue();
        assertThat(health.tryAcquire(a)).isFalse();
        assertThat(health.tryAcquire(b)).as("other hosts are not affected").isTrue();
        clock.advanceMillis(999);
        assertThat(health.tryAcquire(a)).isFalse();
        clock.advanceMillis(2);
        assertThat(health.tryAcquire(a)).as("the trial").isTrue();
        assertThat(health.tryAcquire(a)).as("only one trial at a time").isFalse();
        health.succeeded(a);
        assertThat(health.isAvoided(a)).isFalse();
        assertThat(health.tryAcquire(a)).isTrue();
    }

    @Test
    void failedTrialsDoubleTheWaitUpToTheMaximum() {
        health.failed(a, new IOException("refused"));
        long[] expectedWaits = {1000, 2000, 4000, 4000};
        for (long wait : expectedWaits) {
            clock.advanceMillis(wait - 1);
            assertThat(health.tryAcquire(a)).as("still open %d ms after", wait - 1).isFalse();
            clock.advanceMillis(2);
            assertThat(health.tryAcquire(a)).as("trial after %d ms", wait).isTrue();
            health.failed(a, new IOException("still down"));
        }
    }

    @Test
    void aReleasedTrialLeavesTheHostToTheNextCaller() {
        health.failed(a, new IOException("refused"));
        clock.advanceMillis(1001);
        assertThat(health.tryAcquire(a)).isTrue();
        health.release(a);
        assertThat(health.tryAcquire(a)).isTrue();
        health.succeeded(a);
        assertThat(health.isAvoided(a)).isFalse();
    }

    @Test
    void departedHostsAreForgotten() {
        health.failed(a, new IOException("refused"));
        health.failed(b, new IOException("refused"));
        health.retainOnly(List.of(b));
        assertThat(health.isAvoided(a)).isFalse();
        assertThat(health.isAvoided(b)).isTrue();
    }

    @Test
    void rejectsNonsenseWaits() {
        assertThatThrownBy(() -> new HostHealth(clock, Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HostHealth(clock, Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
