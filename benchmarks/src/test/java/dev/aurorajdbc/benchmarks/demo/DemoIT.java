package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.testcluster.junit.TestClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./demo --fault failover --sync} end to end, as a user runs it: the shaded jar in its own JVM (so the merged
 * {@code META-INF/services/java.sql.Driver} is what lets {@code DriverManager} find jdbc:aurora:, pgjdbc and
 * Connector/J), on a real PostgreSQL cluster. When the cluster cannot start here (exit status 3) the test is skipped,
 * or fails under CI, as every integration test of the project.
 */
@Tag("integration")
class DemoIT {
    private static final Path JAR = Path.of("target", "aurora-benchmarks.jar");

    @Test
    void aFailoverOnPostgresLosesNoAcknowledgedWriteAndTheApplicationFollowsTheWriterThroughJdbcAurora() throws Exception {
        Run run = Run.demo("--fault", "failover", "--sync");
        requireCluster(run);
        assertThat(run.exit).as("exit status; output:%n%s%s", run.stdout, run.stderr).isZero();
        String out = run.stdout;
        assertNoNoiseAndBalanced(run);
        assertThat(out).containsPattern("cluster postgresql-\\d+ is up in \\d+ ms, its server PostgreSQL \\d+");
        assertTimelineAgrees(out);

        // The timeline: the application lands on the first writer, the control plane fails over, the driver moves the
        // application's connection to the new writer and its write fails with 08S02 ("failed over from ... to ..."),
        // or, after another error, its next connection from DriverManager lands on the new writer.
        List<String> landed = groups(out, "landed on node (\\d+) \\([^)]+\\), the writer");
        landed.addAll(groups(out, "failed over from \\S+ to \\d+\\.\\d+\\.\\d+\\.(\\d+):"));
        assertThat(out).doesNotContain("a REPLICA");
        Matcher failover = Pattern.compile("control plane: failover \\(manual\\) (\\d+) -> (\\d+) done").matcher(out);
        assertThat(failover.find()).as("the failover in the timeline:%n%s", out).isTrue();
        assertThat(landed).as("nodes the application landed on").hasSizeGreaterThanOrEqualTo(2)
                .startsWith(failover.group(1)).endsWith(failover.group(2));
        assertThat(out).containsPattern("application: write failed: SQLState \\w{5}: ")
                .containsPattern("application: writes resumed \\d+ ms after")
                .containsPattern("driver: its topology \\(v\\d+, aurora-postgresql\\) now names writer " + failover.group(2));

        // The summary.
        assertThat(out).contains("\nSummary\n")
                .contains("  fault:                      Aurora-style failover()")
                .contains("  writer now:                 " + failover.group(2) + " (")
                .containsPattern("  failover: +" + failover.group(1) + " -> " + failover.group(2)
                        + " \\(manual\\), took writes after \\d+ ms \\(as the control plane saw it\\), steps: fence \\d+ ms,"
                        + " select \\d+ ms, promote \\d+ ms")
                .contains("  acknowledged writes lost:   0\n")
                .contains("  client:                     jdbc:aurora: (aurora-jdbc) over PostgreSQL JDBC Driver 42.");
        long window = Long.parseLong(groups(out, "write-unavailability: +(\\d+) ms").get(0));
        assertThat(window).as("the write-unavailability window, ms").isPositive().isLessThan(60_000);
        long acknowledged = Long.parseLong(groups(out, "writes acknowledged: +(\\d+) ").get(0));
        assertThat(acknowledged).as("writes acknowledged").isGreaterThan(100);
    }

    /**
     * {@code ./demo --engine mysql --fault hang}: the server is named (MariaDB by default, MySQL when asked), the
     * watchdog's sentence is the control loop's rule, its failover begins when that rule says, and the driver's 08S02
     * message (Connector/J's is several lines long) leaves no parenthesis open.
     */
    @Test
    void aHangOnMySqlIsNarratedAsTheWatchdogAndTheTimelineHaveIt() throws Exception {
        Run run = Run.demo("--engine", "mysql", "--fault", "hang", "--replicas", "1");
        requireCluster(run);
        assertThat(run.exit).as("exit status; output:%n%s%s", run.stdout, run.stderr).isZero();
        String out = run.stdout;
        assertNoNoiseAndBalanced(run);
        assertThat(out).containsPattern("cluster mysql-\\d+ is up in \\d+ ms, its server (MariaDB|MySQL) \\d+\\.\\d+");
        Matcher rule = Pattern.compile("control plane: its watchdog probes the writer every \\d+ ms \\(a probe gives up after"
                + " \\d+ ms\\) and fails over once the writer has not answered for \\d+ ms and one more probe fails: for a"
                + " writer that hangs \\(each probe waits out its \\d+ ms\\), about (\\d+) ms after its last answer").matcher(out);
        assertThat(rule.find()).as("the watchdog's rule:%n%s", out).isTrue();
        long predicted = Long.parseLong(rule.group(1));
        long began = Math.round(1000 * Double.parseDouble(groups(out, "control plane: failover \\(watchdog\\) \\d+ -> \\d+ done: it"
                + " began at \\d+\\.\\d+ s \\((\\d+\\.\\d+) s after the fault\\)").get(0)));
        // The last answer came at most one round (200 ms + a probe) before the fault; the failover starts a little
        // after the rule's moment (probes and the lock take time), never before it less that round.
        assertThat(began).as("ms from the fault to the failover's start; the rule said ~%d ms after the last answer", predicted)
                .isBetween(predicted - 1_200, predicted + 1_500);
        assertTimelineAgrees(out);
    }

    /** The demo's cluster could not start here: the project's rule (skipped with the reason, failed under CI). */
    private static void requireCluster(Run run) {
        if (run.exit == Demo.NO_CLUSTER) {
            throw TestClusterExtension.unavailable("the test cluster cannot start on this machine",
                    new IllegalStateException("./demo exited " + run.exit + ":\n" + run.stdout));
        }
    }

    /** No SLF4J notice or other library line anywhere, and every line of the timeline closes what it opens. */
    private static void assertNoNoiseAndBalanced(Run run) {
        assertThat(run.stdout + run.stderr).doesNotContain("SLF4J");
        assertThat(run.stderr).as("stderr").isEmpty();
        for (String line : run.stdout.split("\n")) {
            long open = line.chars().filter(c -> c == '(').count();
            long close = line.chars().filter(c -> c == ')').count();
            assertThat(open).as("parentheses of: %s", line).isEqualTo(close);
        }
    }

    /**
     * Every moment the control plane's line gives is on the stamps' timeline: the failover began after the fault and
     * before the line was printed, the promotion it saw comes after that start, and writes that resumed before it are
     * said to have.
     */
    private static void assertTimelineAgrees(String out) {
        Matcher line = Pattern.compile("\\[ *(\\d+\\.\\d+) s\\] control plane: failover \\(\\w+\\) \\d+ -> \\d+ done: it began at"
                + " (\\d+\\.\\d+) s.*? take writes \\(its promote step returned\\) at (\\d+\\.\\d+) s(.*)").matcher(out);
        assertThat(line.find()).as("the control plane's failover line:%n%s", out).isTrue();
        double printed = Double.parseDouble(line.group(1));
        double began = Double.parseDouble(line.group(2));
        double confirmed = Double.parseDouble(line.group(3));
        double fault = Double.parseDouble(groups(out, "\\[ *(\\d+\\.\\d+) s\\] FAULT: ").get(0));
        assertThat(began).isGreaterThanOrEqualTo(fault - 0.002).isLessThanOrEqualTo(confirmed);
        assertThat(confirmed).isLessThanOrEqualTo(printed + 0.002);
        List<String> resumed = groups(out, "\\[ *(\\d+\\.\\d+) s\\] application: writes resumed");
        assertThat(resumed).hasSize(1);
        if (Double.parseDouble(resumed.get(0)) < confirmed - 0.002) {
            assertThat(line.group(4)).as("writes resumed at %s s, before the promotion the control plane saw", resumed.get(0))
                    .startsWith(" (the application's writes had resumed there ");
        }
    }

    private static List<String> groups(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The demo run to its end in a JVM of its own. */
    private record Run(int exit, String stdout, String stderr) {
        static Run demo(String... options) throws IOException, InterruptedException {
            assertThat(JAR).as("the runnable jar (mvn package builds it)").exists();
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "demo"));
            cmd.addAll(List.of(options));
            Path out = Files.createTempFile("demo-out", ".txt");
            Path err = Files.createTempFile("demo-err", ".txt");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(5, TimeUnit.MINUTES)) {
                    p.destroy(); // SIGTERM: the cluster's shutdown hook stops the servers
                    p.waitFor(60, TimeUnit.SECONDS);
                    throw new AssertionError("the demo did not end within 5 minutes; output:\n" + Files.readString(out));
                }
                return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }
}
