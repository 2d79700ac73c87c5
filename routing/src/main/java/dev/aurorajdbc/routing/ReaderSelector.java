package dev.aurorajdbc.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;

/**
 * Chooses the replica a read-only connection goes to. One selector per cluster and strategy; thread-safe.
 * {@link #eligible} filters the topology's readers (health, replica lag, exclusions) first; a selector only
 * chooses among what is left.
 */
public interface ReaderSelector {

    /**
     * Chooses one of {@code candidates}.
     *
     * @param candidates the eligible readers, never empty
     * @return one of them
     */
    TopologyHost choose(List<TopologyHost> candidates);

    /** Each choice takes the next candidate in turn. */
    static ReaderSelector roundRobin() {
        AtomicInteger next = new AtomicInteger();
        return candidates -> candidates.get(Math.floorMod(next.getAndIncrement(), candidates.size()));
    }

    /** A candidate chosen uniformly at random. */
    static ReaderSelector random() {
        return candidates -> candidates.get(ThreadLocalRandom.current().nextInt(candidates.size()));
    }

    /**
     * The candidate with the fewest connections (ties: the first in topology order, then round robin among equals
     * would add nothing the counts do not already give).
     *
     * @param connections the current number of this driver's read-only connections to a host
     */
    static ReaderSelector leastConnections(ToIntFunction<HostAddress> connections) {
        return candidates -> {
            TopologyHost best = null;
            int fewest = Integer.MAX_VALUE;
            for (TopologyHost h : candidates) {
                int n = connections.applyAsInt(h.address());
                if (n < fewest) {
                    best = h;
                    fewest = n;
                }
            }
            return best;
        };
    }

    /**
     * The candidate that answered the monitor's probes fastest; candidates not measured yet come first, in turn, so
     * that every replica gets measured.
     *
     * @param latencyNanos the smoothed probe latency of a host, or a negative value when unknown
     */
    static ReaderSelector lowestLatency(ToLongFunction<HostAddress> latencyNanos) {
        ReaderSelector unmeasured = roundRobin();
        return candidates -> {
            List<TopologyHost> unknown = null;
            TopologyHost best = null;
            long lowest = Long.MAX_VALUE;
            for (TopologyHost h : candidates) {
                long latency = latencyNanos.applyAsLong(h.address());
                if (latency < 0) {
                    if (unknown == null) {
                        unknown = new ArrayList<>();
                    }
                    unknown.add(h);
                } else if (latency < lowest) {
                    best = h;
                    lowest = latency;
                }
            }
            return unknown != null ? unmeasured.choose(unknown) : best;
        };
    }

    /**
     * The topology's readers a read-only connection may use.
     *
     * @param topology   the current topology
     * @param maxLagMs   readers reporting more lag than this are left out; 0: no limit (unknown lag never excludes)
     * @param usable     whether a host may be connected to now (its circuit breaker)
     * @param excluded   hosts to leave out (one that just failed)
     * @return the eligible readers in topology order; empty when none is
     */
    static List<TopologyHost> eligible(Topology topology, long maxLagMs, Predicate<HostAddress> usable,
            Set<HostAddress> excluded) {
        List<TopologyHost> result = new ArrayList<>();
        for (TopologyHost h : topology.readers()) {
            if (excluded.contains(h.address()) || !usable.test(h.address())) {
                continue;
            }
            if (maxLagMs > 0 && h.replicaLagMillis() > maxLagMs) {
                continue;
            }
            result.add(h);
        }
        return result;
    }
}
