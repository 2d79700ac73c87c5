package dev.aurorajdbc.driver;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A small seeded fuzzing loop: each run takes a new random seed (so CI explores) and prints it on the build's console
 * before the first input and again with the count and the time; input {@code i} is generated from its own case seed
 * (derived from the run's seed and {@code i}), so that a failure names both and either replays it:
 * <ul>
 *   <li>{@code -Daurora.fuzz.seed=S} runs the same inputs again, in the same order;</li>
 *   <li>{@code -Daurora.fuzz.case=C} runs the failing input alone.</li>
 * </ul>
 * For example {@code ./mvnw -B -o -pl driver -am test -Dsurefire.failIfNoSpecifiedTests=false
 * -Dtest=UrlAndPropertyFuzzTest -Daurora.fuzz.case=C} (surefire hands {@code -D} user properties to the test JVM).
 * {@code -Daurora.fuzz.inputs=N} overrides the number of inputs (a longer local run). A failing input found this way is
 * kept as an example-based test.
 *
 * <p>The lines go to the JVM's own standard error, which surefire prints on the console even though it redirects
 * {@code System.out} and {@code System.err} to a file.
 */
final class Fuzz {
    static final String SEED = "aurora.fuzz.seed";
    static final String CASE = "aurora.fuzz.case";
    static final String INPUTS = "aurora.fuzz.inputs";

    private static final PrintStream CONSOLE = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);

    private Fuzz() {
    }

    /** What one input is checked for; throws on a violation. */
    interface Check<T> {
        void accept(T input) throws Exception;
    }

    /**
     * Generates {@code inputs} inputs (or what the system properties say) and checks each.
     *
     * @throws AssertionError naming the run's seed, the input's number and case seed, the input and how to replay it
     */
    static <T> void run(String name, int inputs, Function<Gen, T> generator, Check<T> check) {
        String single = System.getProperty(CASE, "").strip();
        if (!single.isEmpty()) {
            long caseSeed = Long.parseLong(single);
            CONSOLE.println("[fuzz] " + name + ": the single case " + caseSeed);
            one(name, -1, 0, caseSeed, generator, check);
            return;
        }
        String given = System.getProperty(SEED, "").strip();
        long seed = given.isEmpty() ? new SecureRandom().nextLong() : Long.parseLong(given);
        int count = Integer.parseInt(System.getProperty(INPUTS, Integer.toString(inputs)).strip());
        CONSOLE.println("[fuzz] " + name + ": seed " + seed + ", " + count + " inputs");
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            one(name, i, seed, caseSeed(seed, i), generator, check);
        }
        CONSOLE.println(String.format(Locale.ROOT, "[fuzz] %s: %d inputs passed in %.1f s, seed %d", name, count,
                (System.nanoTime() - start) / 1e9, seed));
    }

    private static <T> void one(String name, int i, long seed, long caseSeed, Function<Gen, T> generator, Check<T> check) {
        T input = generator.apply(new Gen(caseSeed));
        try {
            check.accept(input);
        } catch (Throwable t) {
            String where = i < 0 ? "case " + caseSeed : "input #" + i + " of seed " + seed + " (case " + caseSeed + ")";
            String replay = "replay it alone: -D" + CASE + "=" + caseSeed + (i < 0 ? "" : ", the whole run: -D" + SEED + "=" + seed);
            CONSOLE.println("[fuzz] " + name + ": " + where + " failed; " + replay);
            throw new AssertionError("[fuzz] " + name + ": " + where + " failed: " + t + "\n  input: " + input + "\n  " + replay, t);
        }
    }

    /** A line on the build's console. */
    static void say(String line) {
        CONSOLE.println(line);
    }

    /** The seed of input {@code i} of a run: SplitMix64's mix of the two, so that neighbouring inputs differ. */
    static long caseSeed(long seed, int i) {
        long z = seed + 0x9E3779B97F4A7C15L * (i + 1L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The choices of one input. */
    static final class Gen {
        private final SplittableRandom random;

        Gen(long seed) {
            random = new SplittableRandom(seed);
        }

        /** True once in {@code n}. */
        boolean oneIn(int n) {
            return random.nextInt(n) == 0;
        }

        /** From {@code min} to {@code max}, both included. */
        int between(int min, int max) {
            return min + random.nextInt(max - min + 1);
        }

        @SafeVarargs
        final <T> T of(T... choices) {
            return choices[random.nextInt(choices.length)];
        }

        /** One of {@code choices}. */
        <T> T of(java.util.List<T> choices) {
            return choices.get(random.nextInt(choices.size()));
        }

        /** Pairs of weight and choice: {@code weighted(20, "a", 1, "b")}. */
        @SuppressWarnings("unchecked")
        <T> T weighted(Object... weightsAndChoices) {
            int total = 0;
            for (int i = 0; i < weightsAndChoices.length; i += 2) {
                total += (Integer) weightsAndChoices[i];
            }
            int r = random.nextInt(total);
            for (int i = 0; i < weightsAndChoices.length; i += 2) {
                r -= (Integer) weightsAndChoices[i];
                if (r < 0) {
                    return (T) weightsAndChoices[i + 1];
                }
            }
            throw new IllegalStateException();
        }

        /** The index of the weight that won: {@code pick(20, 1)} is 0 twenty times in 21. */
        int pick(int... weights) {
            int total = 0;
            for (int w : weights) {
                total += w;
            }
            int r = random.nextInt(total);
            for (int i = 0; i < weights.length; i++) {
                r -= weights[i];
                if (r < 0) {
                    return i;
                }
            }
            throw new IllegalStateException();
        }

        /** {@code min} to {@code max} characters of {@code alphabet}. */
        String string(String alphabet, int min, int max) {
            int n = between(min, max);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            return sb.toString();
        }

        /** Any UTF-16 code units, control characters and unpaired surrogates included. */
        String anyChars(int max) {
            int n = between(0, max);
            StringBuilder sb = new StringBuilder(n);
            for (int i = 0; i < n; i++) {
                sb.append(anyChar());
            }
            return sb.toString();
        }

        char anyChar() {
            return weighted(4, (char) between(0x20, 0x7e), 1, (char) between(0, 0x1f), 1, (char) between(0x80, 0xffff));
        }
    }
}
