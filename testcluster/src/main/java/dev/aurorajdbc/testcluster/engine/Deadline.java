package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** One operation's time budget: the point in time it must finish by, for the engines' steps to share. */
final class Deadline {
    private final long start;
    private final long end;

    Deadline(Duration timeout) {
        this.start = System.nanoTime();
        this.end = start + timeout.toNanos();
    }

    boolean expired() {
        return System.nanoTime() - end >= 0;
    }

    long remainingMillis() {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
    }

    /** What is left, at least 1 ms so that callees fail with their own clear message rather than on a zero. */
    Duration remaining() {
        return Duration.ofMillis(Math.max(1, remainingMillis()));
    }

    /** What is left, but no more than {@code cap} (a probe that must not use up the operation's time). */
    Duration remainingAtMost(Duration cap) {
        Duration left = remaining();
        return left.compareTo(cap) < 0 ? left : cap;
    }

    /** What is left for {@code step}; throws, naming the step, when nothing is. */
    Duration left(String who, String step) {
        if (expired()) {
            throw new TestClusterException(who + ": the operation's " + timeoutMillis() + " ms passed before " + step);
        }
        return remaining();
    }

    long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    long timeoutMillis() {
        return TimeUnit.NANOSECONDS.toMillis(end - start);
    }
}
