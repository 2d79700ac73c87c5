package dev.aurorajdbc.routing;

/**
 * The time source of the routing policy, injected so that tests run on a fake clock instead of sleeping.
 * Implementations must be thread-safe.
 */
public interface Clock {

    /** The JVM's clocks: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. Holds no state. */
    Clock SYSTEM = new Clock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public String toString() {
            return "Clock.SYSTEM";
        }
    };

    /**
     * Monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences between two readings mean
     * anything. Used for ages, intervals and timeouts.
     */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, as {@link System#currentTimeMillis()}; may jump. */
    long millis();
}
