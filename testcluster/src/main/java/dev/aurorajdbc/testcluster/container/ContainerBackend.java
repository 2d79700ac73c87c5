package dev.aurorajdbc.testcluster.container;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Backend;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Network;

import java.util.ArrayList;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each node in its own container (Testcontainers), all on one Docker network per cluster. The engines drive the
 * containers through {@link ContainerNodeRuntime} exactly as they drive local processes; the fault proxies stay in the
 * JVM, in front of each container's published port.
 *
 * <p>A removed node's processes are killed first, while its network is still there, so that the other nodes see its
 * connections close, as they would a local process's; its container then stays for {@link #LINGER}, so that whatever
 * the writer still sends it (a heartbeat, a keepalive) is answered with a reset. A container removed at once answers
 * nothing: we saw MariaDB's writer list a replica removed that way (its binlog dump thread, {@code SHOW SLAVE HOSTS})
 * long after, until TCP gave up ({@code ContainerMySqlClusterIT} checks it).
 *
 * <p>Use {@link ContainerSupport} to create one: it checks that Testcontainers is on the class path and that Docker
 * answers before this class is touched.
 */
public final class ContainerBackend implements Backend {
    private static final Logger LOG = Logger.getLogger(ContainerBackend.class.getName());
    /** The label on every container of the test cluster (value: the cluster's name), for cleaning up after a crash. */
    public static final String LABEL = "dev.aurorajdbc.testcluster";
    /** How long a removed node's container outlives its processes (longer than the engines' 5 s heartbeats). */
    static final Duration LINGER = Duration.ofSeconds(7);

    private final String clusterId;
    private final Function<Engine, String> images;
    private final Network network;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ContainerNodeRuntime> nodes = new ArrayList<>();
    private final Thread shutdownHook;
    /** Starts containers in the background (one thread per node being started; idle threads end). */
    private final ExecutorService starter;
    /** Removes retired containers after {@link #LINGER}. */
    private final ScheduledExecutorService reaper;
    /** Retired nodes by id, until their containers are removed. Guarded by {@link #lock}. */
    private final Map<String, Retired> retired = new HashMap<>();
    private boolean closed;

    /**
     * @param clusterId a short name of the cluster (container names and labels)
     * @param images    the image of each engine
     */
    public ContainerBackend(String clusterId, Function<Engine, String> images) {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            throw new TestClusterException(ContainerSupport.NO_DOCKER);
        }
        this.clusterId = clusterId;
        this.images = images;
        this.network = Network.newNetwork();
        this.starter = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "aurora-testcluster-" + clusterId + "-container-start");
            t.setDaemon(true);
            return t;
        });
        this.reaper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aurora-testcluster-" + clusterId + "-container-removal");
            t.setDaemon(true);
            return t;
        });
        // Without Ryuk (disabled where no registry serves its image) nothing else removes our containers on exit.
        this.shutdownHook = new Thread(this::close, "aurora-testcluster-containers-" + clusterId);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    @Override
    public String name() {
        return "container";
    }

    /** The image an engine's nodes run. */
    public String image(Engine engine) {
        return images.apply(engine);
    }

    @Override
    public String server(Engine engine) {
        return "image " + image(engine);
    }

    @Override
    public NodeRuntime create(Engine engine, String nodeId, String serverHost, int serverPort) {
        ContainerNodeRuntime node = new ContainerNodeRuntime(nodeId, serverHost, serverPort, images.apply(engine), network,
                clusterId + "-" + nodeId, engine.defaultPort(), engine == Engine.POSTGRESQL ? "postgres" : "mysql", clusterId,
                this::retire);
        Retired previous;
        lock.lock();
        try {
            if (closed) {
                throw new TestClusterException("the cluster's backend is closed");
            }
            previous = retired.remove(nodeId);
            nodes.add(node);
        } finally {
            lock.unlock();
        }
        if (previous != null) {
            // A new node in the same slot needs its address and network alias now (remove() waits for a removal
            // already under way).
            previous.removal.cancel(false);
            previous.node.remove();
        }
        node.startAsync(starter);
        return node;
    }

    /** Removes a destroyed node's container after {@link #LINGER} (see the class comment). */
    private void retire(ContainerNodeRuntime node) {
        lock.lock();
        try {
            nodes.remove(node);
            if (!closed) {
                ScheduledFuture<?> removal = reaper.schedule(() -> removeRetired(node), LINGER.toMillis(), TimeUnit.MILLISECONDS);
                retired.put(node.id(), new Retired(node, removal));
                return;
            }
        } finally {
            lock.unlock();
        }
        node.remove();
    }

    private void removeRetired(ContainerNodeRuntime node) {
        // Removed first, forgotten after: a new node in the same slot finds it here meanwhile and waits for the removal.
        node.remove();
        lock.lock();
        try {
            Retired r = retired.get(node.id());
            if (r != null && r.node == node) {
                retired.remove(node.id());
            }
        } finally {
            lock.unlock();
        }
    }

    private record Retired(ContainerNodeRuntime node, ScheduledFuture<?> removal) {
    }

    @Override
    public void close() {
        List<ContainerNodeRuntime> toDestroy;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            toDestroy = new ArrayList<>(nodes);
            for (Retired r : retired.values()) {
                r.removal.cancel(false);
                toDestroy.add(r.node);
            }
            retired.clear();
        } finally {
            lock.unlock();
        }
        reaper.shutdownNow();
        for (ContainerNodeRuntime node : toDestroy) {
            try {
                node.remove();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "could not remove the container of node " + node.id(), e);
            }
        }
        starter.shutdown();
        try {
            network.close();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not remove the network of cluster " + clusterId, e);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down: we run inside the hook
        }
    }
}
