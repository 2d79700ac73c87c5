package dev.aurorajdbc.testcluster.container;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
// commons-compress comes with Testcontainers (a dependency of its own), which packs files for the Docker API with it too
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.AbstractWaitStrategy;
import org.testcontainers.utility.DockerImageName;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * One node as a container on the cluster's own network. The container's main process only keeps it alive
 * ({@code sleep infinity}); tools and the server run in it through {@code docker exec} as the server's user, so that
 * the engines drive a container exactly as they drive a local process. Its server port is published on the node's
 * server address ({@code 127.0.B.x:port+10000}), where the fault proxy and the control plane reach it; other nodes
 * reach it at its network alias.
 *
 * <p>Faults are signals inside the container: {@code STOP}, {@code CONT} and {@code KILL} go to every process of the
 * node but the container's main one ({@code kill -1} from an exec'd shell), so the server's whole process tree is
 * frozen, woken or killed while the container itself, its address and its network alias stay. (A {@code docker kill}
 * ends the container, and its alias stops resolving until it is started again: a replica that looks it up then waits
 * out a 20 s DNS timeout where no upstream resolver answers. A {@code docker pause} blocks {@code exec}, which the
 * engines need to recover a killed node.) {@code TERM}/{@code INT} go to the server process alone.
 */
final class ContainerNodeRuntime implements NodeRuntime {
    private static final Logger LOG = Logger.getLogger(ContainerNodeRuntime.class.getName());
    /** The node's own directory in the container, outside any volume the image declares. */
    static final String BASE = "/var/lib/aurora-testcluster";
    private static final String DATA = BASE + "/data";
    private static final String RUN = BASE + "/run";
    private static final String SERVER_LOG = RUN + "/server.log";
    private static final String SERVER_PID = RUN + "/server.pid";
    private static final Duration CONTROL_TIMEOUT = Duration.ofSeconds(30);
    /** The exit code of our {@code readFile} script when the file does not exist. */
    private static final int NO_SUCH_FILE = 3;
    /** Runs Docker API calls, so that each one is bounded (docker-java's own calls wait as long as the daemon takes). */
    private static final ExecutorService DOCKER_CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "aurora-testcluster-docker-call");
        t.setDaemon(true);
        return t;
    });

    private final String id;
    private final String serverHost;
    private final int serverPort;
    private final String alias;
    private final int containerPort;
    private final String user;
    private final GenericContainer<?> container;
    private volatile DockerClient docker;
    private volatile String containerId;
    private volatile String serverExec;
    /** The server user's uid and gid in the image. */
    private volatile int uid;
    private volatile int gid;
    /** What this runtime wrote into the run directory, which nothing else writes: read back without an exec. */
    private final Map<String, String> written = new ConcurrentHashMap<>();
    /** Called by {@link #destroy()} to remove the container later; {@code null}: remove it at once. */
    private final Consumer<ContainerNodeRuntime> retire;
    /** Held while the container is removed. */
    private final ReentrantLock removal = new ReentrantLock();
    /** Whether the container is removed. Guarded by {@link #removal}. */
    private boolean removed;
    /** Completes when the container and the node's directories are there; every operation waits for it. */
    private volatile CompletableFuture<Void> started;

    @SuppressWarnings("resource") // removed by remove()
    ContainerNodeRuntime(String id, String serverHost, int serverPort, String image, Network network, String alias,
                         int containerPort, String user, String clusterLabel, Consumer<ContainerNodeRuntime> retire) {
        this.id = id;
        this.retire = retire;
        this.serverHost = serverHost;
        this.serverPort = serverPort;
        this.alias = alias;
        this.containerPort = containerPort;
        this.user = user;
        ExposedPort exposed = ExposedPort.tcp(containerPort);
        this.container = new GenericContainer<>(DockerImageName.parse(image))
                .withNetwork(network)
                .withNetworkAliases(alias)
                .withLabel(ContainerBackend.LABEL, clusterLabel)
                .withEnv("LC_ALL", "C")
                .withEnv("TZ", "UTC")
                .withStartupTimeout(CONTROL_TIMEOUT)
                .waitingFor(new NoWait())
                .withCreateContainerCmdModifier(cmd -> {
                    cmd.withHostName(alias);
                    // Whatever the image's entry point: the node's processes are ours, started through exec.
                    cmd.withEntrypoint("sleep", "infinity");
                    cmd.withCmd(new String[0]);
                    cmd.withExposedPorts(exposed);
                    // A fixed binding on the node's own loopback address: the proxy and the control plane reach the
                    // server where they would reach a local process (a Linux Docker host on this machine is assumed,
                    // as the proxies' 127.0.B.x addresses already assume Linux).
                    cmd.getHostConfig().withPortBindings(new PortBinding(Ports.Binding.bindIpAndPort(serverHost, serverPort), exposed));
                });
    }

    /**
     * Creates and starts the container in the background: the cluster starts its replicas' containers while it
     * initialises the writer. Every operation waits for it (bounded).
     */
    void startAsync(Executor executor) {
        started = CompletableFuture.runAsync(this::start, executor);
    }

    /** Waits until the container is up, rethrowing why it could not start. */
    private void awaitStarted() {
        CompletableFuture<Void> f = started;
        if (f == null) {
            throw new TestClusterException("node " + id + ": its container was never started");
        }
        try {
            f.get(CONTROL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TestClusterException t) {
                throw t;
            }
            throw new TestClusterException("node " + id + ": its container did not start: " + cause, cause);
        } catch (TimeoutException e) {
            throw new TestClusterException("node " + id + ": its container did not start within "
                    + CONTROL_TIMEOUT.toSeconds() * 2 + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while waiting for the container of node " + id, e);
        }
    }

    /** Creates and starts the container and the node's directories. */
    private void start() {
        long t0 = System.nanoTime();
        try {
            container.start();
        } catch (RuntimeException e) {
            throw new TestClusterException("node " + id + ": cannot start a container of " + container.getDockerImageName()
                    + ": " + e.getMessage(), e);
        }
        docker = container.getDockerClient();
        containerId = container.getContainerId();
        Result ids = run("root", CONTROL_TIMEOUT, List.of("sh", "-c", "mkdir -p " + DATA + " " + RUN + " && chown " + user + ": " + DATA
                + " " + RUN + " && chmod 700 " + DATA + " " + RUN + " && id -u " + user + " && id -g " + user))
                .requireSuccess(this, "creating the node's directories");
        String[] lines = ids.stdout.toString(StandardCharsets.UTF_8).trim().split("\\s+");
        try {
            uid = Integer.parseInt(lines[lines.length - 2]);
            gid = Integer.parseInt(lines[lines.length - 1]);
        } catch (RuntimeException e) {
            throw new TestClusterException("node " + id + ": cannot read the ids of user " + user + " in the image: " + ids.output(), e);
        }
        LOG.fine(() -> "node " + id + ": container " + containerId.substring(0, 12) + " (" + container.getDockerImageName()
                + ") up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
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
    public String listenHost() {
        return "*";
    }

    @Override
    public int listenPort() {
        return containerPort;
    }

    @Override
    public String peerHost() {
        return alias;
    }

    @Override
    public int peerPort() {
        return containerPort;
    }

    @Override
    public List<String> clientNetworks() {
        // samenet: the other nodes and the port publisher (docker-proxy connects from the network's gateway).
        return List.of("127.0.0.0/8", "samenet");
    }

    @Override
    public String dataDir() {
        return DATA;
    }

    @Override
    public String runDir() {
        return RUN;
    }

    @Override
    public String exec(Duration timeout, String tool, List<String> args) {
        List<String> cmd = new ArrayList<>();
        // Bounded inside the container too, so that a tool that outlives our wait does not linger.
        cmd.add("timeout");
        cmd.add("-s");
        cmd.add("KILL");
        cmd.add(Long.toString(Math.max(1, (timeout.toMillis() + 999) / 1000)));
        cmd.add(tool);
        cmd.addAll(args);
        Result r = exec(user, timeout.plusSeconds(5), cmd);
        if (r.exitCode == 137 || r.exitCode == 124) {
            throw new TestClusterException("node " + id + ": " + tool + " did not finish within " + timeout.toMillis()
                    + " ms; output:\n" + r.output());
        }
        if (r.exitCode == 127) {
            throw new TestClusterException("node " + id + ": the image " + container.getDockerImageName() + " has no '" + tool
                    + "' on its PATH");
        }
        if (r.exitCode != 0) {
            throw new TestClusterException("node " + id + ": " + tool + " " + String.join(" ", args) + " failed with exit code "
                    + r.exitCode + ":\n" + r.output());
        }
        return r.output();
    }

    private String resolve(String path) {
        return path.startsWith("/") ? path : DATA + "/" + path;
    }

    @Override
    public void writeFile(String path, String content) {
        String file = resolve(path);
        awaitStarted();
        int slash = file.lastIndexOf('/');
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        // One call: a tar of the one file, owned by the server's user, unpacked with its owner kept.
        ByteArrayOutputStream tar = new ByteArrayOutputStream(bytes.length + 2048);
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(tar)) {
            TarArchiveEntry entry = new TarArchiveEntry(file.substring(slash + 1));
            entry.setSize(bytes.length);
            entry.setMode(0100600);
            entry.setIds(uid, gid);
            out.putArchiveEntry(entry);
            out.write(bytes);
            out.closeArchiveEntry();
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot write " + file + ": " + e, e);
        }
        try {
            bounded("copy " + file, () -> docker.copyArchiveToContainerCmd(containerId)
                    .withRemotePath(slash == 0 ? "/" : file.substring(0, slash))
                    .withCopyUIDGID(true).withTarInputStream(new ByteArrayInputStream(tar.toByteArray())).exec());
        } catch (RuntimeException e) {
            throw new TestClusterException("node " + id + ": cannot write " + file + ": " + e.getMessage(), e);
        }
        if (file.startsWith(RUN + "/")) {
            written.put(file, content);
        }
    }

    @Override
    public String readFile(String path) {
        String file = resolve(path);
        String known = written.get(file);
        if (known != null) {
            return known; // only we write the run directory's files (credentials, option files): no exec needed
        }
        Result r = exec("root", CONTROL_TIMEOUT, List.of("sh", "-c", "[ -e \"$1\" ] || exit " + NO_SUCH_FILE + "; cat \"$1\"", "sh", file));
        if (r.exitCode == NO_SUCH_FILE) {
            return null;
        }
        if (r.exitCode != 0) {
            throw new TestClusterException("node " + id + ": cannot read " + file + ": " + r.output());
        }
        return r.stdout.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void clearDataDir() {
        if (serverAlive()) {
            throw new TestClusterException("node " + id + ": cannot clear the data directory of a running server");
        }
        root(CONTROL_TIMEOUT, "rm -rf " + DATA + " && mkdir -m 700 " + DATA + " && chown " + user + ": " + DATA);
    }

    @Override
    public void deleteFile(String path) {
        String file = resolve(path);
        if (serverAlive()) {
            throw new TestClusterException("node " + id + ": cannot delete " + file + " while the server runs");
        }
        written.remove(file);
        root(CONTROL_TIMEOUT, "rm -f \"$1\"", file);
    }

    @Override
    public void startServer(String tool, List<String> args) {
        awaitStarted();
        if (serverAlive()) {
            throw new TestClusterException("node " + id + ": the server is already running");
        }
        List<String> cmd = new ArrayList<>(List.of("sh", "-c",
                "echo $$ > " + SERVER_PID + " && exec \"$0\" \"$@\" >> " + SERVER_LOG + " 2>&1", tool));
        cmd.addAll(args);
        DockerClient client = docker;
        String exec = bounded("exec create " + tool, () -> client.execCreateCmd(containerId).withUser(user).withWorkingDir(RUN)
                .withEnv(List.of("HOME=" + RUN, "LC_ALL=C", "TZ=UTC"))
                .withAttachStdout(false).withAttachStderr(false).withCmd(cmd.toArray(String[]::new)).exec().getId());
        try (ResultCallback.Adapter<Frame> started = client.execStartCmd(exec).withDetach(true).exec(new ResultCallback.Adapter<>())) {
            if (!started.awaitCompletion(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TestClusterException("node " + id + ": docker exec of " + tool + " did not start within "
                        + CONTROL_TIMEOUT.toSeconds() + " s");
            }
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": cannot start " + tool + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while starting " + tool + " on node " + id, e);
        }
        serverExec = exec;
    }

    @Override
    public boolean serverAlive() {
        String exec = serverExec;
        if (exec == null) {
            return false;
        }
        try {
            InspectExecResponse r = bounded("exec inspect (server)", () -> docker.inspectExecCmd(exec).exec());
            return Boolean.TRUE.equals(r.isRunning());
        } catch (NotFoundException e) {
            return false; // the daemon forgets the execs of a container that stopped
        }
    }

    @Override
    public void signal(Signal signal) {
        if (!serverAlive()) {
            return;
        }
        String script = switch (signal) {
            // kill -1 from our exec'd shell: every process of the node but the container's main one and the shell
            // itself, so the node keeps running (its address, its network alias) while its server is frozen or dead.
            case STOP -> "kill -STOP -1 && " + AWAIT_STOPPED;
            // No process left to signal (ESRCH) is success: a killed server may be gone before its exec says so.
            case CONT -> "kill -CONT -1 2>/dev/null || true";
            case KILL -> "kill -KILL -1 2>/dev/null || true";
            // Shutdown requests to the server alone (see NodeRuntime#signal).
            case TERM, INT -> "kill -" + signal.name() + " \"$(cat " + SERVER_PID + ")\"";
        };
        Result r = exec("root", CONTROL_TIMEOUT, List.of("sh", "-c", script));
        if (r.exitCode != 0) {
            throw new TestClusterException("node " + id + ": cannot send SIG" + signal + ": exit code " + r.exitCode + " " + r.output());
        }
    }

    /**
     * Waits (5 s at most) until every thread of every process but the main one and this shell is stopped: kill(1)
     * returns when the signal is queued, and a thread busy in the kernel stops only on its way out. The process list is
     * taken once, before anything this loop forks.
     */
    private static final String AWAIT_STOPPED = "i=0; while :; do busy=; "
            + "for t in /proc/[0-9]*/task/[0-9]*; do p=${t#/proc/}; p=${p%%/*}; "
            + "if [ \"$p\" = 1 ] || [ \"$p\" = $$ ]; then continue; fi; "
            + "s=$(cat \"$t/stat\" 2>/dev/null) || continue; s=${s##*) }; s=${s%% *}; "
            + "case \"$s\" in T|t|Z|X) ;; *) busy=$p ;; esac; done; "
            + "[ -z \"$busy\" ] && exit 0; i=$((i + 1)); "
            + "if [ $i -ge 500 ]; then echo \"process $busy still runs 5 s after SIGSTOP\"; exit 1; fi; sleep 0.01; done";

    @Override
    public boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (serverAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(20);
        }
        return true;
    }

    @Override
    public String logTail(int lines) {
        try {
            Result r = exec("root", CONTROL_TIMEOUT, List.of("tail", "-n", Integer.toString(lines), SERVER_LOG));
            return r.output();
        } catch (RuntimeException e) {
            return "(cannot read " + SERVER_LOG + " of node " + id + ": " + e.getMessage() + ")";
        }
    }

    /**
     * Kills the node's processes at once and hands the container to {@code retire}, which removes it a little later
     * (see {@link ContainerBackend}); without one, removes it now.
     */
    @Override
    public void destroy() {
        Consumer<ContainerNodeRuntime> r = retire;
        if (r == null || !awaitQuietly()) {
            remove();
            return;
        }
        try {
            run("root", CONTROL_TIMEOUT, List.of("sh", "-c", "kill -KILL -1 2>/dev/null || true"));
        } catch (RuntimeException e) {
            LOG.fine(() -> "node " + id + ": could not kill its processes before removal: " + e);
        }
        r.accept(this);
    }

    /** Waits for the container's start to end; whether it started. */
    private boolean awaitQuietly() {
        CompletableFuture<Void> f = started;
        if (f == null) {
            return false;
        }
        try {
            f.get(CONTROL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Removes the container now (killing what runs in it), with its volumes. Idempotent; a second caller waits until
     * the first one's removal is done (a new node in the same slot needs the address).
     */
    void remove() {
        removal.lock();
        try {
            if (removed) {
                return;
            }
            awaitQuietly();
            try {
                container.stop();
            } catch (RuntimeException e) {
                LOG.warning("node " + id + ": could not remove its container: " + e);
            }
            removed = true;
        } finally {
            removal.unlock();
        }
    }

    // ------------------------------------------------------------------------------------------------ exec

    private void root(Duration timeout, String script, String... args) {
        awaitStarted();
        List<String> cmd = new ArrayList<>(List.of("sh", "-c", script, "sh"));
        cmd.addAll(List.of(args));
        Result r = exec("root", timeout, cmd);
        if (r.exitCode != 0) {
            throw new TestClusterException("node " + id + ": '" + script + "' failed with exit code " + r.exitCode + ": " + r.output());
        }
    }

    /** Runs a command in the started container to completion, bounded by {@code timeout}. */
    private Result exec(String asUser, Duration timeout, List<String> cmd) {
        awaitStarted();
        return run(asUser, timeout, cmd);
    }

    /** Runs a command in the container to completion, bounded by {@code timeout}. */
    private Result run(String asUser, Duration timeout, List<String> cmd) {
        DockerClient client = docker;
        if (client == null) {
            throw new TestClusterException("node " + id + ": its container is not started");
        }
        String exec = bounded("exec create " + cmd.get(0), () -> client.execCreateCmd(containerId).withUser(asUser)
                .withWorkingDir("root".equals(asUser) ? "/" : RUN).withEnv(List.of("HOME=" + RUN, "LC_ALL=C", "TZ=UTC"))
                .withAttachStdout(true).withAttachStderr(true).withCmd(cmd.toArray(String[]::new)).exec().getId());
        Result result = new Result();
        try (ResultCallback.Adapter<Frame> done = client.execStartCmd(exec).exec(new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame frame) {
                result.add(frame);
            }
        })) {
            if (!done.awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new TestClusterException("node " + id + ": " + cmd.get(0) + " did not finish within " + timeout.toMillis()
                        + " ms; output so far:\n" + result.output());
            }
        } catch (IOException e) {
            throw new TestClusterException("node " + id + ": docker exec failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while running " + cmd.get(0) + " on node " + id, e);
        }
        // The output stream ends as the process exits; its exit code follows at once.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            InspectExecResponse r = bounded("exec inspect " + cmd.get(0), () -> client.inspectExecCmd(exec).exec());
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                result.exitCode = r.getExitCodeLong().intValue();
                return result;
            }
            if (System.nanoTime() > deadline) {
                throw new TestClusterException("node " + id + ": no exit code for " + cmd.get(0) + " 10 s after its output ended");
            }
            sleep(5);
        }
    }

    /**
     * One Docker API call, bounded by {@link #CONTROL_TIMEOUT}: a daemon that does not answer gives a
     * {@link TestClusterException} naming the call and the container instead of a thread waiting for ever. The call's
     * own exceptions pass through unchanged.
     */
    private <T> T bounded(String call, Callable<T> body) {
        Future<T> f = DOCKER_CALLS.submit(body);
        try {
            return f.get(CONTROL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new TestClusterException("node " + id + ": the Docker API call '" + call + "' on container "
                    + shortId() + " did not answer within " + CONTROL_TIMEOUT.toSeconds() + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new TestClusterException("node " + id + ": the Docker API call '" + call + "' on container " + shortId()
                    + " failed: " + cause, cause);
        } catch (InterruptedException e) {
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted during the Docker API call '" + call + "' on container " + shortId(), e);
        }
    }

    private String shortId() {
        String c = containerId;
        return c == null ? "(not created)" : c.substring(0, Math.min(12, c.length()));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted", e);
        }
    }

    /** The output and exit code of one exec. */
    private static final class Result {
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream merged = new ByteArrayOutputStream();
        int exitCode;

        synchronized void add(Frame frame) {
            byte[] payload = frame.getPayload();
            if (payload == null) {
                return;
            }
            if (frame.getStreamType() == StreamType.STDOUT || frame.getStreamType() == StreamType.RAW) {
                stdout.writeBytes(payload);
            }
            merged.writeBytes(payload);
        }

        synchronized String output() {
            return merged.toString(StandardCharsets.UTF_8);
        }

        Result requireSuccess(ContainerNodeRuntime node, String what) {
            if (exitCode != 0) {
                throw new TestClusterException("node " + node.id + ": " + what + " failed with exit code " + exitCode + ": " + output());
            }
            return this;
        }
    }

    /** The node's main process only sleeps: nothing to wait for. */
    private static final class NoWait extends AbstractWaitStrategy {
        @Override
        protected void waitUntilReady() {
            // ready as soon as it runs
        }
    }

    @Override
    public String toString() {
        return "ContainerNodeRuntime[" + id + " " + serverHost + ":" + serverPort + " -> " + alias + ":" + containerPort + " "
                + container.getDockerImageName() + "]";
    }
}
