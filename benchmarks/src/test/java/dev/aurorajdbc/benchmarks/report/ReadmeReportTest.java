package dev.aurorajdbc.benchmarks.report;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadmeReportTest {

    @Test
    void rewritesOnlyTheSectionBetweenTheMarkersFromTheTablesFound(@TempDir Path dir) throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Files.writeString(results.resolve("failover-postgresql.md"), "Measured today.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n");
        Files.writeString(results.resolve("jmh-mysql.md"), "Measured.\n\n- `SELECT 1` on mysql, jdbc:aurora: against raw: +0.4 %\n\n| t |\n");
        Path readme = dir.resolve("README.md");
        Files.writeString(readme, "# Benchmarks\n\nintro\n\n" + ReadmeReport.BEGIN + "\nold figures\n" + ReadmeReport.END + "\n\ntail\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int exit = ReadmeReport.run(List.of("--results", results.toString(), "--readme", readme.toString()),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(exit).isZero();
        String text = Files.readString(readme);
        assertThat(text).startsWith("# Benchmarks\n\nintro\n\n" + ReadmeReport.BEGIN + "\n").endsWith(ReadmeReport.END + "\n\ntail\n")
                .doesNotContain("old figures")
                .contains(ReadmeReport.BEGIN + "\n### Headline\n\n- `SELECT 1` on mysql, jdbc:aurora: against raw: +0.4 %\n\n### Per-call")
                .contains("### Failover, PostgreSQL\n\nMeasured today.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
                .contains("### Per-call cost, PostgreSQL (JMH)\n\nNot measured yet (no `results/jmh-postgresql.md`).");
        // idempotent: a second run gives the same file
        ReadmeReport.run(List.of("--results", results.toString(), "--readme", readme.toString()),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        assertThat(Files.readString(readme)).isEqualTo(text);
    }

    @Test
    void aReadmeWithoutMarkersIsAnErrorNotARewrite() {
        assertThatThrownBy(() -> ReadmeReport.replaceSection("# no markers\n", "x")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(ReadmeReport.BEGIN);
    }

    @Test
    void badOptionsAreNamed() {
        assertThatThrownBy(() -> ReadmeReport.run(List.of("--results"), System.out)).hasMessage("--results needs a value");
        assertThatThrownBy(() -> ReadmeReport.run(List.of("--x"), System.out)).hasMessage("unknown option '--x'");
    }

    @Test
    void theWrapperCostIsGivenAsAShareOfEachRawDriversSelectOne(@TempDir Path results) throws Exception {
        Files.writeString(results.resolve("jmh-wrapper-cost.json"), "{\"scores\": [\n"
                + "{\"engine\": \"-\", \"operation\": \"selectOne\", \"client\": \"native-stub\", \"usPerOp\": 0.25},\n"
                + "{\"engine\": \"-\", \"operation\": \"selectOne\", \"client\": \"aurora\", \"usPerOp\": 0.322}]}");
        assertThat(ReadmeReport.overhead(results)).isEmpty();
        Files.writeString(results.resolve("jmh-postgresql.json"),
                "{\"operation\": \"selectOne\",\n  \"client\": \"raw\",\n  \"usPerOp\": 72.0}");
        assertThat(ReadmeReport.overhead(results))
                .isEqualTo("- `SELECT 1` overhead: the 72 ns jdbc:aurora: adds per call is 0.100 % of raw pgjdbc's 72.0 µs"
                        + " (postgresql)" + System.lineSeparator());
    }
}
