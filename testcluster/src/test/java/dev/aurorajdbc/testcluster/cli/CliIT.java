package dev.aurorajdbc.testcluster.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runnable jar, as a user runs it: {@code up --json}, commands on standard input, and cleanup on end-of-file,
 * on SIGTERM and after the JVM is killed outright (nothing may survive it); its usage, which no longer offers the
 * demo (now {@code ./demo}, in the benchmarks module, through {@code jdbc:aurora:}).
 */
@Tag("integration")
class CliIT {
    private static final Path JAR = Path.of("target", "aurora-testcluster.jar");

    @Test
    void upAnswersCommandsAndStopsCleanlyAtEndOfInput() throws Exception {
        Cli cli = Cli.start("up", "--json", "--replicas", "1", "--auto-failover-ms", "0");
        String first = cli.line(120);
        assertThat(first).startsWith("{\"ok\":true").contains("\"engine\":\"postgresql\"").contains("\"server\":\"PostgreSQL ").contains("\"auroraUrl\":\"jdbc:aurora:postgresql://")
                .contains("\"role\":\"writer\"").contains("\"role\":\"replica\"").contains("\"jdbcUrl\":\"jdbc:postgresql://");
        List<String> ids = matches(first, "\"id\":\"(\\d+)\"");
        assertThat(ids).hasSize(2);
        String writer = ids.get(0);
        String replica = ids.get(1);

        assertThat(cli.ask("status")).startsWith("{\"ok\":true,\"cluster\"").contains("\"nodes\":[");
        assertThat(cli.ask("kill " + replica)).startsWith("{\"ok\":true");
        assertThat(cli.ask("status")).contains("\"state\":\"killed\"");
        assertThat(cli.ask("start " + replica)).startsWith("{\"ok\":true");
        assertThat(cli.ask("lag " + replica + " 100")).startsWith("{\"ok\":true");
        assertThat(cli.ask("lag " + replica + " 0")).startsWith("{\"ok\":true");
        assertThat(cli.ask("cut " + replica)).startsWith("{\"ok\":true");
        assertThat(cli.ask("status")).contains("\"cut\":true");
        assertThat(cli.ask("heal " + replica)).startsWith("{\"ok\":true");
        String failover = cli.ask("failover");
        assertThat(failover).startsWith("{\"ok\":true").contains("\"oldWriter\":\"" + writer + "\"")
                .contains("\"newWriter\":\"" + replica + "\"").contains("\"name\":\"promote\"");
        String added = cli.ask("add-replica");
        assertThat(added).startsWith("{\"ok\":true").contains("\"role\":\"replica\"");
        String addedId = matches(added, "\"id\":\"(\\d+)\"").get(0);
        assertThat(cli.ask("remove-replica " + addedId)).startsWith("{\"ok\":true");
        assertThat(first).contains("\"endpoints\":{\"cluster\":\"postgresql-").contains(".cluster-c5eed")
                .contains(".cluster-ro-c5eed").contains("\"jvmOptions\":\"-Djdk.net.hosts.file=");
        assertThat(cli.ask("custom-endpoint analytics " + replica)).startsWith("{\"ok\":true")
                .contains("\"endpoint\":\"analytics.cluster-custom-c5eed");
        assertThat(cli.ask("status")).contains("\"analytics.cluster-custom-c5eed").contains("[\"" + replica + "\"]");
        assertThat(cli.ask("custom-endpoint Bad_Name " + replica)).startsWith("{\"ok\":false").contains("Bad_Name");
        assertThat(cli.ask("delete-custom-endpoint analytics")).startsWith("{\"ok\":true").contains("\"deleted\":true");
        assertThat(cli.ask("frobnicate")).startsWith("{\"ok\":false").contains("unknown command");
        assertThat(cli.ask("kill 999")).startsWith("{\"ok\":false").contains("no node '999'");

        Path clusterDir = cli.clusterDir();
        cli.closeInput();
        assertThat(cli.process.waitFor(60, TimeUnit.SECONDS)).as("exits at end of input").isTrue();
        assertThat(cli.process.exitValue()).isZero();
        assertThat(clusterDir).doesNotExist();
    }

    @Test
    void usageOffersUpOnlyAndTheDemoCommandSaysWhereTheDemoWent() throws Exception {
        Finished help = Finished.run("--help");
        assertThat(help.exit).isZero();
        assertThat(help.stdout).contains("aurora-testcluster up [--engine").doesNotContain("aurora-testcluster demo");

        Finished demo = Finished.run("demo", "--fault", "kill");
        assertThat(demo.exit).isEqualTo(2);
        assertThat(demo.stderr).contains("error: the demo moved: run ./demo").contains("usage: aurora-testcluster up");
    }

    /**
     * The human output names the server; neither output has library noise: no SLF4J notice (a 1.7 API without a
     * binding printed three on every run), no Testcontainers error about a missing Docker when the process backend
     * then runs.
     */
    @Test
    void upNamesTheServerAndPrintsNoLibraryNoise() throws Exception {
        Finished up = Finished.run("up", "--replicas", "0", "--auto-failover-ms", "0");
        assertThat(up.exit).as("exit status; stderr:%n%s", up.stderr).isZero();
        assertThat(up.stdout).containsPattern("\n  server: +PostgreSQL ").contains("  aurora URL:        jdbc:aurora:postgresql://");
        assertThat(up.stdout + up.stderr).doesNotContain("SLF4J").doesNotContain("Docker environment");
        if (up.stdout.contains("backend: process")) {
            assertThat(up.stderr).as("stderr of a process-backend run").isEmpty();
        }
    }

    @Test
    void sigtermStopsTheCluster() throws Exception {
        Cli cli = Cli.start("up", "--json", "--replicas", "1", "--auto-failover-ms", "0");
        assertThat(cli.line(120)).startsWith("{\"ok\":true");
        List<ProcessHandle> servers = cli.process.descendants().filter(p -> p.info().command().orElse("").contains("postgres")).toList();
        assertThat(servers).isNotEmpty();
        Path clusterDir = cli.clusterDir();
        cli.process.destroy(); // SIGTERM
        assertThat(cli.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertGone(servers, clusterDir);
    }

    @Test
    void nothingSurvivesAJvmKilledOutright() throws Exception {
        Cli cli = Cli.start("up", "--json", "--replicas", "1", "--auto-failover-ms", "0");
        assertThat(cli.line(120)).startsWith("{\"ok\":true");
        List<ProcessHandle> servers = cli.process.descendants().filter(p -> p.info().command().orElse("").contains("postgres")).toList();
        assertThat(servers).isNotEmpty();
        Path clusterDir = cli.clusterDir();
        cli.process.destroyForcibly(); // SIGKILL: no shutdown hook runs; the tether cleans up
        assertThat(cli.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertGone(servers, clusterDir);
    }

    /**
     * Waits (bounded) until the servers are gone and the directory is deleted: servers that outlive the CLI's JVM
     * are re-parented to init, which reaps them a moment later.
     */
    private static void assertGone(List<ProcessHandle> servers, Path clusterDir) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((servers.stream().anyMatch(ProcessHandle::isAlive) || Files.exists(clusterDir)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(servers).noneMatch(ProcessHandle::isAlive);
        assertThat(clusterDir).doesNotExist();
    }

    private static List<String> matches(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** A CLI run that needs no input, to its end: exit code and both outputs. */
    private record Finished(int exit, String stdout, String stderr) {
        static Finished run(String... args) throws IOException, InterruptedException {
            assertThat(JAR).as("the runnable jar (mvn package builds it)").exists();
            List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile("cli-out", ".txt");
            Path err = Files.createTempFile("cli-err", ".txt");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the CLI ends").isTrue();
                return new Finished(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }

    /** The CLI as a child process, its output lines in a queue. */
    private static final class Cli {
        final Process process;
        final Writer stdin;
        final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1000);

        private Cli(Process process) {
            this.process = process;
            this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.offer(line);
                    }
                } catch (IOException ignored) {
                    // the process ended
                }
            }, "cli-output");
            reader.setDaemon(true);
            reader.start();
        }

        static Cli start(String... args) throws IOException {
            assertThat(JAR).as("the runnable jar (mvn package builds it)").exists();
            List<String> cmd = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString()));
            cmd.addAll(List.of(args));
            return new Cli(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        String line(int timeoutSeconds) throws InterruptedException {
            String line = lines.poll(timeoutSeconds, TimeUnit.SECONDS);
            assertThat(line).as("a line within %d s", timeoutSeconds).isNotNull();
            return line;
        }

        String ask(String command) throws IOException, InterruptedException {
            stdin.write(command + "\n");
            stdin.flush();
            return line(120);
        }

        void closeInput() throws IOException {
            stdin.close();
        }

        /** The cluster's scratch directory: {@code <tmp>/aurora-testcluster/<cluster>-<pid>}. */
        Path clusterDir() throws IOException, InterruptedException {
            String status = ask("status");
            String cluster = matches(status, "\"cluster\":\"([^\"]+)\"").get(0);
            return Path.of(System.getProperty("java.io.tmpdir"), "aurora-testcluster", cluster + "-" + process.pid());
        }
    }
}
