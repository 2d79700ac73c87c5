package dev.aurorajdbc.routing;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when a test moves it. */
final class FakeClock implements Clock {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong millis = new AtomicLong(1_795_504_217_000L);

    void advanceMillis(long ms) {
        nanos.addAndGet(ms * 1_000_000L);
        millis.addAndGet(ms);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public long millis() {
        return millis.get();
    }
}
