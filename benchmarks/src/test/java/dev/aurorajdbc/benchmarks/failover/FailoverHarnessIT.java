package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.benchmarks.demo.Fault;
import dev.aurorajdbc.testcluster.junit.TestClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failover harness end to end on a real PostgreSQL cluster: one trial per fault with the {@code jdbc:aurora:}
 * client. It checks that every trial measured something sane and that the result files hold it; it asserts no
 * timing target (the benchmark's figures are for a quiet machine, not for a test).
 */
@Tag("integration")
class FailoverHarnessIT {

    @Test
    void oneTrialPerFaultWithTheAuroraClientProducesSaneResultFiles(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("failover-postgresql.json");
        FailoverOptions options = FailoverOptions.parse(List.of("--engine", "postgresql", "--trials", "1", "--clients",
                "aurora", "--output", json.toString()));
        StringBuilder printed = new StringBuilder();
        FailoverHarness harness = run(options, printed);
        String output = printed.toString();

        List<TrialResult> trials = harness.results();
        assertThat(trials).extracting(TrialResult::fault).containsExactly(Fault.KILL, Fault.HANG, Fault.CUT, Fault.FAILOVER);
        for (TrialResult t : trials) {
            String what = t.fault().option() + " trial " + t + "\noutput:\n" + output;
            assertThat(t.client()).isEqualTo(ClientKind.AURORA);
            assertThat(t.resumed()).as("writes resumed: %s", what).isTrue();
            assertThat(t.note()).as(what).isEmpty();
            assertThat(t.windowMs()).as("window: %s", what).isPositive().isLessThan(options.trialTimeoutMs());
            assertThat(t.promotionMs()).as("promotion: %s", what).isPositive();
            assertThat(t.watchdogMs()).as("watchdog: %s", what).isNotNegative();
            assertThat(t.clusterMs()).as(what).isEqualTo(t.watchdogMs() + t.promotionMs());
            assertThat(t.steps()).as(what).containsKeys("fence", "select", "promote", "repoint", "metadata", "rejoin");
            assertThat(t.acknowledged()).as(what).isGreaterThanOrEqualTo(20);
            assertThat(t.failures() + t.connectFailures()).as("the application saw the fault: %s", what).isPositive();
            // synchronous replication (the default): an acknowledged insert survives every failover
            assertThat(t.lost()).as("acknowledged inserts lost: %s", what).isZero();
        }
        // A fault the watchdog must notice waits for its detection; failover() starts at once.
        assertThat(trials.get(0).watchdogMs()).as("kill: the watchdog's delay").isGreaterThan(trials.get(3).watchdogMs());

        assertThat(json).isRegularFile();
        String text = Files.readString(json);
        assertThat(text).contains("\"benchmark\": \"failover\"", "\"engine\": \"postgresql\"", "\"windowMs\"",
                "\"clusterMs\"", "\"median\"", "\"p95\"", "\"cores\"", "\"pgjdbc\": \"42.");
        for (Fault f : Fault.values()) {
            assertThat(text).contains("\"fault\": \"" + f.option() + "\"");
        }
        Path md = dir.resolve("failover-postgresql.md");
        assertThat(md).isRegularFile();
        assertThat(Files.readString(md)).contains("| client | fault | resumed |", "| aurora | kill | 1/1 |",
                "| aurora | hang | 1/1 |", "| aurora | cut | 1/1 |", "| aurora | failover | 1/1 |");
    }

    /**
     * Runs the harness; skips (or, under CI, fails) the test when no cluster could start.
     *
     * @param printed gets what the harness printed
     */
    static FailoverHarness run(FailoverOptions options, StringBuilder printed) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        FailoverHarness harness = new FailoverHarness(options, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        int exit = harness.run();
        printed.append(buffer.toString(StandardCharsets.UTF_8));
        if (exit == FailoverHarness.NO_CLUSTER) {
            throw TestClusterExtension.unavailable("a PostgreSQL test cluster for the failover harness",
                    new IllegalStateException(printed.toString()));
        }
        assertThat(exit).as("exit status; output:%n%s", printed).isEqualTo(FailoverHarness.OK);
        return harness;
    }
}
