package dev.aurorajdbc.driver;

import java.util.concurrent.TimeUnit;

/** Polling with a deadline, for conditions a test waits for (never a fixed sleep). */
public final class Await {
    /** A condition that may throw, checked until it holds. */
    public interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {
    }

    /**
     * Checks {@code condition} every 50 ms until it holds.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code seconds}
     */
    public static void until(Condition condition, int seconds, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + seconds + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
