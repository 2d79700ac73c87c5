package dev.aurorajdbc.routing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An immutable snapshot of a cluster's members and their roles, as one topology source saw them at one moment.
 *
 * <p>Invariants: addresses are unique, non-null instance ids are unique, and there is at most one writer — none
 * while a failover is under way. {@link #hosts()} lists the writer first, then the readers in the order the source
 * reported them.
 *
 * <p>Two notions of sameness:
 * <ul>
 *   <li>{@link #equals(Object)}: the same members with the same figures (lag, last update, CPU), whatever the
 *       version, source and time of the snapshot;</li>
 *   <li>{@link #sameAs(Topology)}: the same members in the same roles, whatever their figures — what a monitor
 *       compares to decide that the cluster changed (a member came or went, the writer moved).</li>
 * </ul>
 * Snapshots are stamped by a per-cluster {@link Sequence}, which numbers them and reads the injected clock.
 */
public final class Topology {
    private final long version;
    private final String source;
    private final long takenAtNanos;
    private final List<TopologyHost> hosts;
    private final TopologyHost writer;
    private final List<TopologyHost> readers;
    private final Map<HostAddress, TopologyHost> byAddress;

    private Topology(long version, String source, long takenAtNanos, List<TopologyHost> hosts, TopologyHost writer,
            List<TopologyHost> readers, Map<HostAddress, TopologyHost> byAddress) {
        this.version = version;
        this.source = source;
        this.takenAtNanos = takenAtNanos;
        this.hosts = hosts;
        this.writer = writer;
        this.readers = readers;
        this.byAddress = byAddress;
    }

    /**
     * A snapshot. Most callers use {@link Sequence#next}, which supplies the version and the time.
     *
     * @param version      the snapshot's number, increasing with each snapshot of one cluster
     * @param source       the name of the topology source that produced it
     * @param takenAtNanos when it was taken, on the {@link Clock#nanoTime()} scale
     * @param hosts        the members, in the order the source reported them
     * @throws IllegalArgumentException when the version is negative, the source blank, an address or an instance id
     *         is listed twice, or there is more than one writer
     */
    public static Topology of(long version, String source, long takenAtNanos, Collection<TopologyHost> hosts) {
        if (version < 0) {
            throw new IllegalArgumentException("negative topology version " + version);
        }
        if (Objects.requireNonNull(source, "source").isBlank()) {
            throw new IllegalArgumentException("blank topology source name");
        }
        Objects.requireNonNull(hosts, "hosts");
        TopologyHost writer = null;
        List<TopologyHost> readers = new ArrayList<>(hosts.size());
        Map<HostAddress, TopologyHost> byAddress = new HashMap<>();
        Set<String> ids = new HashSet<>();
        for (TopologyHost h : hosts) {
            Objects.requireNonNull(h, "null host in a topology from " + source);
            if (byAddress.putIfAbsent(h.address(), h) != null) {
                throw new IllegalArgumentException("address " + h.address() + " listed twice in a topology from "
                        + source);
            }
            if (h.instanceId() != null && !ids.add(h.instanceId())) {
                throw new IllegalArgumentException("instance id '" + h.instanceId()
                        + "' listed twice in a topology from " + source);
            }
            if (h.isWriter()) {
                if (writer != null) {
                    throw new IllegalArgumentException("two writers in a topology from " + source + ": " + writer
                            + " and " + h);
                }
                writer = h;
            } else {
                readers.add(h);
            }
        }
        List<TopologyHost> all = new ArrayList<>(hosts.size());
        if (writer != null) {
            all.add(writer);
        }
        all.addAll(readers);
        return new Topology(version, source, takenAtNanos, Collections.unmodifiableList(all), writer,
                Collections.unmodifiableList(readers), Collections.unmodifiableMap(byAddress));
    }

    /** The snapshot's number: a later snapshot of the same cluster has a greater one. */
    public long version() {
        return version;
    }

    /** The name of the topology source that produced the snapshot ({@code aurora-postgresql}, {@code static}, …). */
    public String source() {
        return source;
    }

    /** When the snapshot was taken, on the {@link Clock#nanoTime()} scale of the clock that stamped it. */
    public long takenAtNanos() {
        return takenAtNanos;
    }

    /** How long ago the snapshot was taken, by {@code clock} (the one that stamped it). */
    public long ageNanos(Clock clock) {
        return clock.nanoTime() - takenAtNanos;
    }

    /** Every member: the writer first (when there is one), then the readers. Unmodifiable. */
    public List<TopologyHost> hosts() {
        return hosts;
    }

    /** The writer; empty while a failover is under way or when the source could not tell it. */
    public Optional<TopologyHost> writer() {
        return Optional.ofNullable(writer);
    }

    /** The readers, in the order the source reported them. Unmodifiable. */
    public List<TopologyHost> readers() {
        return readers;
    }

    /** Whether the snapshot lists no member at all. */
    public boolean isEmpty() {
        return hosts.isEmpty();
    }

    /** The member at {@code address}, if it is one. */
    public Optional<TopologyHost> host(HostAddress address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** The member with the instance id {@code instanceId}, if there is one. */
    public Optional<TopologyHost> instance(String instanceId) {
        if (instanceId == null) {
            return Optional.empty();
        }
        for (TopologyHost h : hosts) {
            if (instanceId.equals(h.instanceId())) {
                return Optional.of(h);
            }
        }
        return Optional.empty();
    }

    /**
     * Whether {@code other} lists the same members in the same roles ({@link TopologyHost#sameMember}), whatever
     * their lag, last update and CPU figures, and whatever the two snapshots' versions, sources and times.
     */
    public boolean sameAs(Topology other) {
        if (other == null || other.hosts.size() != hosts.size()) {
            return false;
        }
        for (TopologyHost h : hosts) {
            if (!h.sameMember(other.byAddress.get(h.address()))) {
                return false;
            }
        }
        return true;
    }

    /** The same members with the same figures ({@link TopologyHost#equals}); version, source and time do not count. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Topology other && other.byAddress.equals(byAddress);
    }

    @Override
    public int hashCode() {
        return byAddress.hashCode();
    }

    /** {@code topology v3 from aurora-postgresql: [writer 11 …, reader 12 …]}. */
    @Override
    public String toString() {
        return "topology v" + version + " from " + source + ": " + (writer == null ? "no writer, " : "") + hosts;
    }

    /**
     * Numbers and timestamps the snapshots of one cluster: each {@link #next} has a greater version than the ones
     * before it, and the time of the injected clock. Thread-safe; one per cluster, owned by whoever owns the
     * cluster's monitor (no global counter).
     */
    public static final class Sequence {
        private final Clock clock;
        private final AtomicLong last = new AtomicLong();

        /** A sequence that starts at version 1 and reads {@code clock}. */
        public Sequence(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        /**
         * The next snapshot: version one above the last one issued, taken now.
         *
         * @throws IllegalArgumentException as {@link Topology#of}
         */
        public Topology next(String source, Collection<TopologyHost> hosts) {
            return of(last.incrementAndGet(), source, clock.nanoTime(), hosts);
        }

        /** The version of the last snapshot issued, 0 before the first. */
        public long lastVersion() {
            return last.get();
        }

        /** The clock the snapshots are stamped with. */
        public Clock clock() {
            return clock;
        }
    }
}
