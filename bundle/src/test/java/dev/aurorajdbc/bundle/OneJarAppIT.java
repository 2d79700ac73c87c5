package dev.aurorajdbc.bundle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.testcluster.TestCluster;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The bundle as a user meets it: {@code java -cp <bundle>:<native driver> App.java} in a JVM of its own, with no
 * other jar. App connects through {@code jdbc:aurora:}, writes and reads; the cluster fails over; App writes and reads
 * again on the same connection. No SLF4J warning reaches standard error (the bundle's SLF4J has its provider).
 */
@Tag("integration")
abstract class OneJarAppIT {
    /** A JVM start, a source-file compile and a failover on a loaded machine: far above what they take. */
    private static final Duration BOUND = Duration.ofSeconds(120);

    private final TestCluster cluster;
    private final String nativeDriver;

    OneJarAppIT(TestCluster cluster, String nativeDriver) {
        this.cluster = cluster;
        this.nativeDriver = nativeDriver;
    }

    @Test
    void aPlainJavaCommandConnectsWritesReadsAndFailsOver() throws Exception {
        Path app = Files.createTempDirectory("aurora-bundle-app").resolve("App.java");
        try (InputStream in = OneJarAppIT.class.getResourceAsStream("App.java")) {
            Files.write(app, in.readAllBytes());
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = BundleContentsIT.bundle() + File.pathSeparator + BundleContentsIT.nativeDriver(nativeDriver);
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", classPath, app.toString(), cluster.auroraUrl());
        pb.environment().put("AURORA_USER", cluster.user());
        pb.environment().put("AURORA_PASSWORD", cluster.password());
        pb.redirectError(app.resolveSibling("stderr.txt").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + BOUND.toNanos();
        try {
            BlockingQueue<String> lines = lines(p.getInputStream());
            List<String> before = List.of(next(lines, deadline, p), next(lines, deadline, p), next(lines, deadline, p));
            assertThat(before).containsExactly("driver dev.aurorajdbc.driver.AuroraDriver", "rows 1", "ready");
            String oldWriter = cluster.writer().id();
            cluster.failover();
            assertThat(cluster.writer().id()).isNotEqualTo(oldWriter);
            try (Writer w = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
                w.write("go\n");
            }
            String after = next(lines, deadline, p);
            if (after.startsWith("failed over: ")) {
                assertThat(after).isIn("failed over: 08S02", "failed over: 08007");
                after = next(lines, deadline, p);
            }
            assertThat(after).isEqualTo("rows 2");
            assertThat(p.waitFor(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)).as("App ended").isTrue();
            String stderr = Files.readString(app.resolveSibling("stderr.txt"), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as("App's exit status; standard error:%n%s", stderr).isZero();
            // The driver's own log records (java.util.logging's console) are there; nothing of a missing class or
            // of SLF4J without a provider.
            assertThat(stderr).as("App's standard error").doesNotContain("SLF4J", "NoClassDefFoundError", "ClassNotFoundException");
        } finally {
            p.destroyForcibly();
        }
        try (Connection c = cluster.connect(cluster.writer(), Duration.ofSeconds(10)); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM bundle_app")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows on the new writer").isEqualTo(2);
        }
    }

    /** The process's output lines, read on a thread of their own so that a silent process cannot hang the test. */
    private static BlockingQueue<String> lines(InputStream out) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(out, StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("<output unreadable: " + e + ">");
            }
        }, "one-jar-app-output");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static String next(BlockingQueue<String> lines, long deadline, Process p) throws InterruptedException {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        assertThat(line).as("App's next line within %s (alive: %s)", BOUND, p.isAlive()).isNotNull();
        return line;
    }
}
