package dev.aurorajdbc.benchmarks.demo;

import java.io.PrintStream;

/** The demo's live timeline: one line per event, stamped with the seconds since the demo began. */
final class Narrator {
    private final PrintStream out;
    private final long t0 = System.nanoTime();
    private final long wallT0 = System.currentTimeMillis();

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

    /** A wall-clock time (epoch milliseconds) as seconds on the timeline, e.g. {@code 3.141 s}. */
    String at(long epochMillis) {
        return String.format("%.3f s", (epochMillis - wallT0) / 1e3);
    }
}
