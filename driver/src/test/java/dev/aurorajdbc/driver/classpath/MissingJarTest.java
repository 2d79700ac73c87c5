package dev.aurorajdbc.driver.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The driver on a hand-made class path that lacks one of its jars, as a user without Maven puts it together: a plain
 * {@code java -cp} program ({@link ClassPathProbe}) gets {@code 08001} naming the artifact to add within 2 s, never a
 * {@code NoClassDefFoundError} and never a wait for the connect timeout. Nothing listens at the URL's address: with
 * every jar present the connect fails for that reason instead, which shows the class path is otherwise complete.
 */
class MissingJarTest {
    private static final String URL = "jdbc:aurora:postgresql://127.0.0.1:1/app?connectTimeoutMs=30000";

    @Test
    void everyJarPresentReachesTheNetwork() throws Exception {
        String line = probe(List.of());
        assertThat(line.split(" ")[1]).as(line).isEqualTo("08001");
        assertThat(line).contains("127.0.0.1:1 refused").doesNotContain("needs");
    }

    @Test
    void withoutSlf4jApi() throws Exception {
        assertNamesWithin2s(probe(List.of("org.slf4j:slf4j-api")), "org.slf4j:slf4j-api");
    }

    @Test
    void withoutTheRoutingJar() throws Exception {
        assertNamesWithin2s(probe(List.of("dev.aurorajdbc:aurora-jdbc-routing")), "dev.aurorajdbc:aurora-jdbc-routing");
    }

    @Test
    void withoutResilience4j() throws Exception {
        String line = probe(List.of("io.github.resilience4j:resilience4j-circuitbreaker", "io.github.resilience4j:resilience4j-core"));
        assertNamesWithin2s(line, "io.github.resilience4j:resilience4j-circuitbreaker");
        assertThat(line).contains("io.github.resilience4j:resilience4j-core");
    }

    private static void assertNamesWithin2s(String line, String artifact) {
        assertThat(line).startsWith("java.sql.SQLNonTransientConnectionException 08001 ")
                .contains("the jdbc:aurora: driver needs ").contains(artifact);
        long ms = Long.parseLong(line.split(" ")[2]);
        assertThat(ms).as("ms in getConnection: " + line).isLessThan(2_000);
    }

    /** Runs {@link ClassPathProbe} on the complete class path less {@code without}; its one line of output. */
    private static String probe(List<String> without) throws Exception {
        List<String> entries = new ArrayList<>();
        for (Map.Entry<String, Path> e : DriverJars.all().entrySet()) {
            if (!without.contains(e.getKey())) {
                entries.add(e.getValue().toString());
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", String.join(File.pathSeparator, entries), ClassPathProbe.class.getName(), URL)
                .redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the probe did not end within 60 s");
        }
        String out = output(p);
        assertThat(p.exitValue()).as(out).isZero();
        String[] lines = out.strip().split("\n");
        return lines[lines.length - 1];
    }

    private static String output(Process p) throws IOException {
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
