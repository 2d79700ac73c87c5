package dev.aurorajdbc.testcluster.endpoint;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The DNS of one cluster's endpoints, served through a hosts file that the JVM under test reads
 * ({@code -Djdk.net.hosts.file=FILE -Dsun.net.inetaddr.ttl=1}): a daemon thread asks the control plane for the
 * instances every {@value #TICK_MS} ms and rewrites the cluster's lines when {@link EndpointRecords} answers
 * differently (a writer past the stale-DNS window, the reader endpoint's next turn, an instance added or removed).
 */
public final class EndpointDns implements AutoCloseable {
    /** The system property naming the hosts file when the JVM under test is not this one. */
    public static final String HOSTS_FILE_PROPERTY = "aurora.testcluster.hostsFile";
    /** How often the records are recomputed: well under the one-second turn and TTL. */
    static final long TICK_MS = 100;
    /** How long the reader endpoint (and a custom one) answers one instance: Aurora's DNS TTL of a second. */
    static final Duration TURN = Duration.ofSeconds(1);
    private static final Logger LOG = Logger.getLogger(EndpointDns.class.getName());

    private final String owner;
    private final EndpointRecords records;
    private final HostsFile file;
    private final Supplier<List<Instance>> instances;
    private final ScheduledExecutorService ticker;
    private List<String> written;

    private EndpointDns(String owner, EndpointRecords records, HostsFile file,
            Supplier<List<Instance>> instances) {
        this.owner = owner;
        this.records = records;
        this.file = file;
        this.instances = instances;
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "aurora-testcluster-" + owner + "-dns");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts serving the endpoints of {@code names} into {@code file}.
     *
     * @param instances the cluster's instances now: id, address, whether it is the writer
     */
    public static EndpointDns start(String owner, EndpointNames names, Path file, Duration staleWindow,
            Supplier<List<Instance>> instances) {
        EndpointDns dns = new EndpointDns(owner, new EndpointRecords(names, staleWindow.toNanos(), TURN.toNanos()),
                HostsFile.at(file), instances);
        dns.tick();
        dns.ticker.scheduleWithFixedDelay(dns::tickQuietly, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return dns;
    }

    /**
     * The hosts file for a cluster: the one this JVM resolves names from ({@code jdk.net.hosts.file}), else the one
     * named by {@value #HOSTS_FILE_PROPERTY}, else a file of the cluster's own under the temporary directory.
     */
    public static Path hostsFileFor(String cluster) {
        for (String property : new String[] {"jdk.net.hosts.file", HOSTS_FILE_PROPERTY}) {
            String value = System.getProperty(property);
            if (value != null && !value.isBlank()) {
                return Path.of(value);
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"), "aurora-testcluster-hosts", cluster + ".hosts");
    }

    /** One instance as the control plane sees it. */
    public record Instance(String id, String host, boolean writer) {
    }

    public Path hostsFile() {
        return file.path();
    }

    /** Creates or changes a custom endpoint; the file answers it at once. */
    public void custom(String name, Set<String> memberIds) {
        records.custom(name, memberIds);
        tick();
    }

    /** Deletes a custom endpoint; false if there was none. */
    public boolean deleteCustom(String name) {
        boolean deleted = records.deleteCustom(name);
        tick();
        return deleted;
    }

    public Map<String, Set<String>> customEndpoints() {
        return records.customEndpoints();
    }

    /** Recomputes the records now (after a change the control plane made) and rewrites the file if they changed. */
    public synchronized void tick() {
        List<String> lines = records.at(System.nanoTime(), instances.get());
        if (!lines.equals(written)) {
            file.put(owner, lines);
            written = lines;
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "[" + owner + "] endpoint DNS: " + e.getMessage(), e);
        }
    }

    /** Stops and removes the cluster's names from the file. */
    @Override
    public void close() {
        ticker.shutdownNow();
        file.remove(owner);
    }
}
