package dev.aurorajdbc.testcluster.spi;

import java.time.Duration;
import java.util.List;

/**
 * Where and how one node's server process runs. The local-process backend implements it, and the container
 * backend implements the same contract, so engines and the cluster API do not change with the backend.
 *
 * <p>Paths are strings in the node's own filesystem (a container's paths are not the JVM's). Every method
 * is bounded: it returns or throws {@link dev.aurorajdbc.testcluster.TestClusterException} within its
 * timeout.
 */
public interface NodeRuntime {

    /** The node's id (the emulated Aurora instance id). */
    String id();

    /** The address the server itself listens on: the control plane and replication use it; clients use the node's proxy. */
    String serverHost();

    int serverPort();

    /**
     * The address the server binds in its own network: the same as {@link #serverHost()} for a local process;
     * every interface inside a container ({@code *}), whose port is published on {@code serverHost:serverPort}.
     */
    default String listenHost() {
        return serverHost();
    }

    /** The port the server binds in its own network (see {@link #listenHost()}). */
    default int listenPort() {
        return serverPort();
    }

    /**
     * The address other nodes reach this server at, for replication: the same as {@link #serverHost()} for a local
     * process; the node's alias on the cluster's own network for a container.
     */
    default String peerHost() {
        return serverHost();
    }

    /** The port other nodes reach this server at (see {@link #peerHost()}). */
    default int peerPort() {
        return serverPort();
    }

    /**
     * The client networks the server must accept password logins from, in the engine's host-pattern syntax of
     * PostgreSQL's {@code pg_hba.conf} ({@code 127.0.0.0/8}, {@code samenet}, …): loopback for local processes; loopback
     * and the container's own network (peers and the port publisher) for a container.
     */
    default java.util.List<String> clientNetworks() {
        return java.util.List.of("127.0.0.0/8");
    }

    /** The node's data directory in the node's filesystem. It exists (empty) before the engine initialises it. */
    String dataDir();

    /** A scratch directory of the node's (for sockets, pid files, logs), outside the data directory. */
    String runDir();

    /**
     * Runs one of the engine's tools (e.g. {@code initdb}, {@code pg_basebackup}) to completion, as the server's
     * user, in the node's environment.
     *
     * @return the tool's standard output and error, merged
     * @throws dev.aurorajdbc.testcluster.TestClusterException on a non-zero exit (with the output) or a timeout
     */
    String exec(Duration timeout, String tool, List<String> args);

    /** Writes a file (absolute path in the node's filesystem, or relative to {@link #dataDir()}), owned by the server's user. */
    void writeFile(String path, String content);

    /** Reads a file, or returns {@code null} when it does not exist. Paths as for {@link #writeFile}. */
    String readFile(String path);

    /** Empties the data directory (it stays, empty, owned by the server's user). */
    void clearDataDir();

    /**
     * Deletes a file if it exists (paths as for {@link #writeFile}): what a killed server left behind.
     *
     * @throws dev.aurorajdbc.testcluster.TestClusterException while the server runs
     */
    void deleteFile(String path);

    /**
     * Starts the long-running server process ({@code tool} with {@code args}) as the server's user, in the
     * background, with its output appended to the node's log. Returns once the process is spawned; whether
     * the server accepts connections is for the engine to check.
     */
    void startServer(String tool, List<String> args);

    /** Whether the server process (the one {@link #startServer} spawned) is alive (a frozen process is alive). */
    boolean serverAlive();

    /**
     * Sends a signal: {@code STOP}, {@code CONT} and {@code KILL} to the server process and all its descendants
     * (a frozen or killed node is frozen or killed whole); {@code TERM} and {@code INT}, the engines' shutdown
     * requests, to the server process alone, which shuts its children down in order. (Sent to a PostgreSQL backend,
     * SIGINT would be a query cancel: a commit waiting for its synchronous standby would return as committed
     * without having been replicated.)
     */
    void signal(Signal signal);

    /**
     * Waits for the server process to exit.
     *
     * @return {@code true} when it exited (or was not running), {@code false} on timeout
     */
    boolean awaitExit(Duration timeout);

    /** The last lines of the server's log, for error messages. */
    String logTail(int lines);

    /** Stops the process (SIGKILL if need be) and deletes everything the node owns. Idempotent. */
    void destroy();

    /** The signals the cluster sends. */
    enum Signal {
        /** Fast, clean shutdown request for the engine (PostgreSQL: SIGINT, MariaDB: SIGTERM); see the engine. */
        TERM, INT, KILL, STOP, CONT
    }
}
