package dev.aurorajdbc.testcluster.spi;

import dev.aurorajdbc.testcluster.Engine;

/** Creates node runtimes: local processes ({@code local.LocalBackend}) or containers ({@code container.ContainerBackend}). */
public interface Backend extends AutoCloseable {

    /** A short name for logs and the CLI: {@code process} or {@code container}. */
    String name();

    /**
     * Creates the runtime of a new node. The server will listen on {@code serverHost:serverPort}.
     *
     * @throws dev.aurorajdbc.testcluster.TestClusterException when the engine's binaries cannot be found,
     *         with a message that names what is missing and how to get it
     */
    NodeRuntime create(Engine engine, String nodeId, String serverHost, int serverPort);

    /**
     * Where the engine's server comes from, for people: the binaries' origin and version (process backend) or the
     * image (container backend); {@code null} before the first node of the engine was created.
     */
    default String server(Engine engine) {
        return null;
    }

    /** Destroys every node this backend created and its scratch space. Idempotent. */
    @Override
    void close();
}
