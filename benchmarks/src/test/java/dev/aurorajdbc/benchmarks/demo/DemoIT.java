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
        if (run.exit == Demo.NO_CLUSTER) {
            throw TestClusterExtension.unavailable("the test cluster cannot start on this machine",
                    new IllegalStateException("./demo exited " + run.exit + ":\n" + run.stdout));
        }
        assertThat(run.exit).as("exit status; output:%n%s%s", run.stdout, run.stderr).isZero();
        String out = run.stdout;

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
                        + " \\(manual\\), writable after \\d+ ms, steps: fence \\d+ ms, select \\d+ ms, promote \\d+ ms")
                .contains("  acknowledged writes lost:   0\n")
                .contains("  client:                     jdbc:aurora: (aurora-jdbc) over PostgreSQL JDBC Driver 42.");
        long window = Long.parseLong(groups(out, "write-unavailability: +(\\d+) ms").get(0));
        assertThat(window).as("the write-unavailability window, ms").isPositive().isLessThan(60_000);
        long acknowledged = Long.parseLong(groups(out, "writes acknowledged: +(\\d+) ").get(0));
        assertThat(acknowledged).as("writes acknowledged").isGreaterThan(100);
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
