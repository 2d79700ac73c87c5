package dev.aurorajdbc.benchmarks.demo;

import java.io.PrintStream;

/** The demo's live timeline: one line per event, stamped with the seconds since the demo began. */
final class Narrator {
    private final PrintStream out;
    private final long t0 = System.nanoTime();

    Narrator(PrintStream out) {
        this.out = out;
    }

    /** Prints one timeline line (a single println, so that lines from several threads never interleave). */
    void say(String text) {
        out.println(String.format("[%7.3f s] %s", (System.nanoTime() - t0) / 1e9, text));
        out.flush();
    }

    /** Prints a line of its own, unstamped (the summary). */
    void print(String text) {
        out.println(text);
        out.flush();
    }

    /** Milliseconds on the timeline now (the clock of the stamps). */
    long millis() {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * A wall-clock time (epoch milliseconds, as the control plane's reports give it) as seconds on the timeline, e.g.
     * {@code 3.141 s}: how long before now it was, on the wall clock, subtracted from the stamps' clock now. A moment
     * of the report and a stamp then compare to the millisecond, even if the wall clock was set since the demo began.
     */
    String at(long epochMillis) {
        return seconds(millisOf(epochMillis));
    }

    /** A wall-clock time (epoch milliseconds) as milliseconds on the timeline (see {@link #at}). */
    long millisOf(long epochMillis) {
        long nanosNow = System.nanoTime();
        long wallNow = System.currentTimeMillis();
        return (nanosNow - t0) / 1_000_000 - (wallNow - epochMillis);
    }

    /** Milliseconds as seconds, e.g. {@code 2.240 s}. */
    static String seconds(long millis) {
        return String.format("%.3f s", millis / 1e3);
    }
}
