package dev.aurorajdbc.benchmarks.failover;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The short version of {@code run-all.sh failover-endpoints-postgresql}: one trial per fault (a killed writer, then
 * {@code failover()}) for {@code jdbc:aurora:} by addresses and by the cluster endpoint's name, in a JVM that
 * resolves the names (the {@code endpoint-names} failsafe execution). Sane results and files; no timing target.
 */
@Tag("integration")
class FailoverThroughEndpointsIT {

    @Test
    void theAuroraClientThroughTheClusterEndpointResumesAfterEachFault(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("failover-endpoints-postgresql.json");
        FailoverOptions options = FailoverOptions.parse(List.of("--engine", "postgresql", "--trials", "1", "--clients",
                "aurora,aurora-endpoint", "--faults", "kill,failover", "--output", json.toString()));
        StringBuilder printed = new StringBuilder();
        FailoverHarness harness = FailoverHarnessIT.run(options, printed);
        String output = printed.toString();
        assertThat(harness.results()).extracting(TrialResult::client).containsOnly(ClientKind.AURORA,
                ClientKind.AURORA_ENDPOINT).hasSize(4);
        for (TrialResult t : harness.results()) {
            String what = t + "\noutput:\n" + output;
            assertThat(t.resumed()).as("writes resumed: %s", what).isTrue();
            assertThat(t.lost()).as("acknowledged inserts lost: %s", what).isZero();
            assertThat(t.windowMs()).as(what).isPositive().isLessThan(options.trialTimeoutMs());
        }
        String text = Files.readString(json);
        assertThat(text).contains("\"aurora-endpoint\"", ".cluster-c5eed").doesNotContain("clusterInstanceHostPattern=?");
        assertThat(Files.readString(dir.resolve("failover-endpoints-postgresql.md")))
                .contains("| aurora-endpoint | kill | 1/1 |", "| aurora-endpoint | failover | 1/1 |");
    }
}
