package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.Clock;

/** A clock that stands still unless a test moves it. */
final class FakeClock implements Clock {
    private volatile long nanos = 5_000_000_000L;

    void advanceMillis(long ms) {
        nanos += ms * 1_000_000L;
    }

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long millis() {
        return 1_795_504_217_000L + nanos / 1_000_000L;
    }
}
