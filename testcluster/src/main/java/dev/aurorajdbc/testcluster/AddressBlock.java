package dev.aurorajdbc.testcluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The loopback addresses of one cluster: {@code 127.0.B.11} … {@code 127.0.B.26} for up to 16 nodes, one block
 * {@code B} per cluster, held with a file lock so that concurrent JVMs (parallel test forks) never share a block.
 * Every node's public (proxy) port is the same; the server behind the proxy listens on the same address on
 * {@link #serverPort}.
 *
 * <p>A new cluster takes a block no earlier cluster of this JVM had, while there is one. A JDBC driver keeps what it
 * learnt about a cluster's addresses for the life of the JVM (jdbc:aurora: keeps the cluster context: its monitor's
 * settings are the first connection's, and its host health), so a cluster on an earlier one's addresses would
 * inherit that in a test suite's JVM. A cluster asked for a given block ({@link TestCluster.Builder#addressBlock})
 * still gets it.
 */
final class AddressBlock implements AutoCloseable {
    static final int FIRST_OCTET = 11;
    static final int MAX_NODES = 16;
    private static final int FIRST_BLOCK = 100;
    private static final int BLOCKS = 150;
    /** The blocks this JVM's clusters have taken. */
    private static final Set<Integer> TAKEN_IN_THIS_JVM = ConcurrentHashMap.newKeySet();

    private final int block;
    private final int publicPort;
    private final int serverPort;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private AddressBlock(int block, int publicPort, int serverPort, FileChannel lockChannel, FileLock lock) {
        this.block = block;
        this.publicPort = publicPort;
        this.serverPort = serverPort;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Finds a free block whose addresses can all bind {@code preferredPort} (or the first free port above it): one that
     * no earlier cluster of this JVM had, else any.
     *
     * @param lockDir where the block lock files live
     */
    static AddressBlock allocate(Path lockDir, int preferredPort) {
        int start = ThreadLocalRandom.current().nextInt(BLOCKS);
        for (boolean fresh : new boolean[] {true, false}) {
            for (int i = 0; i < BLOCKS; i++) {
                int b = FIRST_BLOCK + (start + i) % BLOCKS;
                if (fresh == TAKEN_IN_THIS_JVM.contains(b)) {
                    continue;
                }
                AddressBlock taken = tryTake(lockDir, b, preferredPort);
                if (taken != null) {
                    return taken;
                }
            }
        }
        throw new TestClusterException("no free loopback address block 127.0.100-249.x with free ports near " + preferredPort);
    }

    /**
     * Takes block {@code block} (100 to 249), for a cluster that must have known addresses.
     *
     * @throws TestClusterException when another cluster holds it or its addresses have no free port near
     *         {@code preferredPort}
     */
    static AddressBlock allocate(Path lockDir, int preferredPort, int block) {
        AddressBlock taken = tryTake(lockDir, checkBlock(block), preferredPort);
        if (taken == null) {
            throw new TestClusterException("loopback address block 127.0." + block + ".x is held by another cluster"
                    + " (or has no free ports near " + preferredPort + ")");
        }
        return taken;
    }

    /** Checks that {@code block} is one of the blocks clusters take (100 to 249). */
    static int checkBlock(int block) {
        if (block < FIRST_BLOCK || block >= FIRST_BLOCK + BLOCKS) {
            throw new IllegalArgumentException("address block must be between " + FIRST_BLOCK + " and "
                    + (FIRST_BLOCK + BLOCKS - 1) + ", got " + block);
        }
        return block;
    }

    /** Block {@code b} with its lock held, or null when another cluster holds it or its ports are taken. */
    private static AddressBlock tryTake(Path lockDir, int b, int preferredPort) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(lockDir.resolve("block-" + b + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return null;
            }
            int publicPort = firstFreePort(b, preferredPort);
            int serverPort = publicPort < 0 ? -1 : firstFreePort(b, preferredPort + 10000);
            if (publicPort > 0 && serverPort > 0) {
                TAKEN_IN_THIS_JVM.add(b);
                return new AddressBlock(b, publicPort, serverPort, channel, lock);
            }
            lock.release();
            channel.close();
        } catch (IOException | OverlappingFileLockException e) {
            closeQuietly(channel);
        }
        return null;
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to do
            }
        }
    }

    private static int firstFreePort(int block, int preferred) {
        for (int port = preferred; port < preferred + 200 && port < 65536; port++) {
            if (freeOnAll(block, port)) {
                return port;
            }
        }
        return -1;
    }

    private static boolean freeOnAll(int block, int port) {
        for (int n = 0; n < MAX_NODES; n++) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(host(block, n)), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    private static String host(int block, int slot) {
        return "127.0." + block + "." + (FIRST_OCTET + slot);
    }

    /** The address of node slot {@code slot} (0-based). */
    String host(int slot) {
        return host(block, slot);
    }

    /** The node id of a slot: the last octet of its address, which is also its emulated Aurora instance id. */
    String nodeId(int slot) {
        return Integer.toString(FIRST_OCTET + slot);
    }

    /** The instance-host pattern that maps instance ids to addresses, as the AWS wrapper and our driver take it. */
    String instanceHostPattern() {
        return "127.0." + block + ".?";
    }

    int publicPort() {
        return publicPort;
    }

    int serverPort() {
        return serverPort;
    }

    int block() {
        return block;
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // the channel closes below anyway
        }
        closeQuietly(lockChannel);
    }

    static Path ensureDir(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new TestClusterException("cannot create " + dir + ": " + e, e);
        }
    }
}
