package dev.aurorajdbc.benchmarks;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line up to the point where a command runs (the demo itself runs in {@code DemoIT}). */
class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheUsageOnStandardOutput() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("usage: aurora-benchmarks demo [--engine postgresql|mysql] [--replicas N] [--sync] [--fault kill|hang|cut|failover]");
        assertThat(run("demo", "-h")).isZero();
    }

    @Test
    void noCommandIsAUsageError() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: aurora-benchmarks demo");
    }

    @Test
    void anUnknownCommandIsNamed() {
        assertThat(run("up")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: unknown command 'up'");
    }

    @Test
    void aBadDemoOptionIsNamedBeforeAnythingStarts() {
        assertThat(run("demo", "--fault", "flood")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --fault must be kill, hang, cut or failover, got 'flood'");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void everyCommandIsInTheUsage() {
        assertThat(run("failover", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("usage: aurora-benchmarks demo", "aurora-benchmarks failover [--engine postgresql|mysql]",
                        "aurora-benchmarks jmh", "aurora-benchmarks scale", "aurora-benchmarks report");
    }

    @Test
    void aBadFailoverOrScaleOptionIsNamedBeforeAnythingStarts() {
        assertThat(run("failover", "--trials", "0")).isEqualTo(2);
        assertThat(run("scale", "--connections", "0")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("error: --trials must be at least 1, got 0",
                "error: --connections must be between 1 and 1100");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
