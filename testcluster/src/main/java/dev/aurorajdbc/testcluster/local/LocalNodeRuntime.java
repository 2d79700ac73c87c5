package dev.aurorajdbc.testcluster.local;

import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One node as a local process: {@code <cluster>/<node>/data} (the data directory) and {@code <cluster>/<node>/run}
 * (logs, sockets, pid files). Tools and the server run as {@code user} through {@code setpriv}, which
 * {@code exec}s, so the process we hold is the server itself.
 */
final class LocalNodeRuntime implements NodeRuntime {
    private static final File DEV_NULL = new File("/dev/null");

    private final String id;
    private final String serverHost;
    private final int serverPort;
    private final Path nodeDir;
    private final Path dataDir;
    private final Path runDir;
    private final Binaries binaries;
    private final String user;
    private final String group;
    private final AtomicInteger execCount = new AtomicInteger();
    private volatile Process server;

    LocalNodeRuntime(String id, String serverHost, int serverPort, Path nodeDir, Binaries binaries, String user) {
        this.id = id;
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        this.nodeDir = nodeDir;
        this.dataDir = nodeDir.resolve("data");
        this.runDir = nodeDir.resolve("run");
        this.binaries = binaries;
        this.user = user;
        this.group = user == null ? null : primaryGroup(user);
        try {
            Files.createDirectories(nodeDir);
            Files.setPosixFilePermissions(nodeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            makeOwnedDir(dataDir);
            makeOwnedDir(runDir);
        } catch (IOException e) {
            throw new TestClusterException("cannot create the directories of node " + id + " under " + nodeDir + ": " + e, e);
        }
    }

    /**
     * The numeric id of {@code user}'s primary group, for {@code setpriv --regid}: not always a group of the user's
     * name (Debian's {@code nobody} is in {@code nogroup}).
     */
    private static String primaryGroup(String user) {
        try {
            Process p = new ProcessBuilder("id", "-g", "--", user).redirectInput(DEV_NULL).redirectErrorStream(true).start();
            String out;
            try (var in = p.getInputStream()) {
                out = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim(); // id prints one number and exits
            }
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0 || !out.matches("\\d+")) {
                p.destroyForcibly();
                throw new TestClusterException("cannot find the primary group of user '" + user + "': id -g said: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new TestClusterException("cannot run 'id -g " + user + "': " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while looking up the primary group of user '" + user + "'", e);
        }
    }

    private void makeOwnedDir(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        ScratchSpace.chown(dir, user);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String serverHost() {
        return serverHost;
    }

    @Override
    public int serverPort() {
        return serverPort;
    }

    @Override
    public String dataDir() {
        return dataDir.toString();
    }

    @Override
    public String runDir() {
        return runDir.toString();
    }

    private List<String> command(String tool, List<String> args) {
        Path path = binaries.tool(tool);
        if (path == null) {
            throw new TestClusterException("the " + binaries.origin() + " binaries have no '" + tool + "'");
        }
        List<String> cmd = new ArrayList<>();
        if (user != null) {
            cmd.addAll(List.of("setpriv", "--reuid=" + user, "--regid=" + group, "--init-groups", "--"));
        }
        cmd.add(path.toString());
        cmd.addAll(args);
        return cmd;
    }

    private ProcessBuilder builder(List<String> cmd) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(runDir.toFile()).redirectInput(DEV_NULL);
        pb.environment().putAll(binaries.environment());
        pb.environment().put("LC_ALL", "C");
        pb.environment().put("TZ", "UTC");
        if (user != null) {
            pb.environment().put("HOME", runDir.toString());
            pb.environment().put("USER", user);
        }
        return pb;
    }

    @Override
    public String exec(Duration timeout, String tool, List<String> args) {
        List<String> cmd = command(tool, args);
        Path log = runDir.resolve("exec-" + execCount.incrementAndGet() + "-" + tool + ".log");
        try {
            Process p = builder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            String out = Files.exists(log) ? ScratchSpace.read(log) : "";
            Files.deleteIfExists(log);
            if (!done) {
                throw new TestClusterException("node " + id + ": " + tool + " did not finish within " + timeout.toMillis()
                        + " ms; output:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new TestClusterException("node " + id + ": " + String.join(" ", cmd) + " failed with exit code "
                        + p.exitValue() + ":\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot run " + String.join(" ", cmd) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while running " + tool + " on node " + id, e);
        }
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return p.isAbsolute() ? p : dataDir.resolve(p);
    }

    @Override
    public void writeFile(String path, String content) {
        Path file = resolve(path);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            ScratchSpace.chown(file, user);
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot write " + file + ": " + e, e);
        }
    }

    @Override
    public String readFile(String path) {
        Path file = resolve(path);
        try {
            return Files.exists(file) ? ScratchSpace.read(file) : null;
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot read " + file + ": " + e, e);
        }
    }

    @Override
    public void clearDataDir() {
        if (serverAlive()) {
            throw new TestClusterException("node " + id + ": cannot clear the data directory of a running server");
        }
        ScratchSpace.deleteTree(dataDir);
        try {
            makeOwnedDir(dataDir);
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot recreate " + dataDir + ": " + e, e);
        }
    }

    @Override
    public void deleteFile(String path) {
        Path file = resolve(path);
        if (serverAlive()) {
            throw new TestClusterException("node " + id + ": cannot delete " + file + " while the server runs");
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot delete " + file + ": " + e, e);
        }
    }

    @Override
    public synchronized void startServer(String tool, List<String> args) {
        if (serverAlive()) {
            throw new TestClusterException("node " + id + ": the server is already running (pid " + server.pid() + ")");
        }
        List<String> cmd = command(tool, args);
        Path log = runDir.resolve("server.log");
        try {
            Process p = builder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            server = p;
            Files.writeString(nodeDir.resolve(ScratchSpace.PID_FILE), p.pid() + "\n");
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot start " + String.join(" ", cmd) + ": " + e, e);
        }
    }

    @Override
    public boolean serverAlive() {
        Process p = server;
        return p != null && p.isAlive();
    }

    @Override
    public void signal(Signal signal) {
        Process p = server;
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            if (signal == Signal.STOP) {
                freeze(p);
                return;
            }
            List<String> pids = new ArrayList<>();
            pids.add(Long.toString(p.pid()));
            // Shutdown requests go to the server alone (see NodeRuntime#signal); waking and killing go to the whole
            // tree: children first for CONT (so nothing wakes into a frozen parent), parent first otherwise.
            if (signal != Signal.TERM && signal != Signal.INT) {
                p.descendants().forEach(d -> pids.add(Long.toString(d.pid())));
            }
            if (signal == Signal.CONT) {
                java.util.Collections.reverse(pids);
            }
            kill(signal, pids);
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot send " + signal + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while signalling node " + id, e);
        }
    }

    /**
     * SIGSTOP to the server, and once it is stopped to its children, until no new one appears. A child forked while
     * the list was read (PostgreSQL's backend for a connection that just arrived) would otherwise keep running and
     * answer its client through the whole hang; a stopped server forks no more.
     */
    private void freeze(Process p) throws IOException, InterruptedException {
        Set<String> stopped = new LinkedHashSet<>();
        List<String> next = List.of(Long.toString(p.pid()));
        for (int round = 0; !next.isEmpty(); round++) {
            if (round == 10) {
                throw new TestClusterException("node " + id + ": new server processes still appeared after 10 rounds of"
                        + " SIGSTOP: " + next);
            }
            kill(Signal.STOP, next);
            awaitStopped(next);
            stopped.addAll(next);
            next = p.descendants().map(d -> Long.toString(d.pid())).filter(pid -> !stopped.contains(pid)).toList();
        }
    }

    /** Runs kill(1) for {@code pids}, bounded by 5 s (a pid that has gone meanwhile is no error). */
    private void kill(Signal signal, List<String> pids) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kill", "-" + signal.name()));
        cmd.addAll(pids);
        Process kill = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(5, TimeUnit.SECONDS)) {
            kill.destroyForcibly();
            throw new TestClusterException("node " + id + ": kill -" + signal + " did not return within 5 s");
        }
    }

    /**
     * Waits until every thread of every process is stopped: kill(1) returns when the signal is queued, and a thread
     * busy in the kernel stops only on its way out, so a request arriving right after could still be served.
     */
    private void awaitStopped(List<String> pids) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            if (allStopped(pids)) {
                return;
            }
            Thread.sleep(1);
        }
        throw new TestClusterException("node " + id + ": the server's threads did not all stop within 5 s of SIGSTOP");
    }

    private static boolean allStopped(List<String> pids) {
        for (String pid : pids) {
            Path tasks = Path.of("/proc", pid, "task");
            try (java.nio.file.DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
                for (Path thread : threads) {
                    String stat = Files.readString(thread.resolve("stat"));
                    // The state follows the command name, which is in parentheses and may contain spaces.
                    char state = stat.charAt(stat.lastIndexOf(')') + 2);
                    if (state != 'T' && state != 't' && state != 'Z' && state != 'X') {
                        return false;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the process or thread is gone: nothing of it can answer
            }
        }
        return true;
    }

    @Override
    public boolean awaitExit(Duration timeout) {
        Process p = server;
        if (p == null) {
            return true;
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return false;
            }
            Files.deleteIfExists(nodeDir.resolve(ScratchSpace.PID_FILE));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public String logTail(int lines) {
        Path log = runDir.resolve("server.log");
        try {
            if (!Files.exists(log)) {
                return "(no server log)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    @Override
    public void destroy() {
        Process p = server;
        if (p != null && p.isAlive()) {
            List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
            signal(Signal.CONT);
            signal(Signal.KILL);
            tree.forEach(ProcessHandle::destroyForcibly);
            awaitExit(Duration.ofSeconds(10));
            // The server's own children are re-parented to init, which reaps them: nothing of theirs to wait for.
        }
        ScratchSpace.deleteTree(nodeDir);
    }

    @Override
    public String toString() {
        return "LocalNodeRuntime[" + id + " " + serverHost + ":" + serverPort + " " + nodeDir + (user != null ? " as " + user : "") + "]";
    }
}
