package dev.aurorajdbc.testcluster.endpoint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What Aurora's DNS answers for one cluster's endpoints as time goes by; pure, the caller gives the time and the
 * cluster's instances. As on Aurora:
 * <ul>
 * <li>the cluster endpoint follows the writer, but only once the new writer has been the writer for the stale-DNS
 * window: until then it still answers the old one (demoted, or dead);</li>
 * <li>the reader endpoint answers one replica at a time, each in turn for one turn (a DNS TTL), or the writer when
 * there is no replica;</li>
 * <li>each instance has its endpoint, from the moment it exists until it is removed;</li>
 * <li>a custom endpoint answers its members in turn, as the reader endpoint does; with no member left it answers
 * nothing.</li>
 * </ul>
 */
final class EndpointRecords {
    private final EndpointNames names;
    private final long staleWindowNanos;
    private final long turnNanos;
    private final Map<String, Set<String>> customMembers = new TreeMap<>();
    private boolean started;
    private long startNanos;
    /** The host the cluster endpoint answers. */
    private String clusterTarget;
    /** A writer the cluster endpoint does not answer yet, and since when it is the writer. */
    private String pendingWriter;
    private long pendingSince;

    EndpointRecords(EndpointNames names, long staleWindowNanos, long turnNanos) {
        if (staleWindowNanos < 0 || turnNanos <= 0) {
            throw new IllegalArgumentException("stale window >= 0 and turn > 0 required");
        }
        this.names = names;
        this.staleWindowNanos = staleWindowNanos;
        this.turnNanos = turnNanos;
    }

    /** Creates or changes the custom endpoint {@code name} to answer these instance ids. */
    synchronized void custom(String name, Set<String> memberIds) {
        customMembers.put(EndpointNames.requireLabel(name), new TreeSet<>(memberIds));
    }

    /** Deletes the custom endpoint {@code name}; false if there was none. */
    synchronized boolean deleteCustom(String name) {
        return customMembers.remove(name) != null;
    }

    synchronized Map<String, Set<String>> customEndpoints() {
        Map<String, Set<String>> copy = new TreeMap<>();
        customMembers.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        return copy;
    }

    /** The hosts-file lines ({@code address name}) at {@code nowNanos} for a cluster made of {@code instances}. */
    synchronized List<String> at(long nowNanos, List<EndpointDns.Instance> instances) {
        if (!started) {
            started = true;
            startNanos = nowNanos;
        }
        List<EndpointDns.Instance> sorted = new ArrayList<>(instances);
        sorted.sort(Comparator.comparing(EndpointDns.Instance::id));
        String writer = null;
        List<String> replicas = new ArrayList<>();
        for (EndpointDns.Instance i : sorted) {
            if (i.writer()) {
                writer = i.host();
            } else {
                replicas.add(i.host());
            }
        }
        followWriter(nowNanos, writer);
        long turn = (nowNanos - startNanos) / turnNanos;
        List<String> lines = new ArrayList<>();
        if (clusterTarget != null) {
            lines.add(clusterTarget + " " + names.clusterEndpoint());
        }
        String reader = replicas.isEmpty() ? clusterTarget : replicas.get((int) (turn % replicas.size()));
        if (reader != null) {
            lines.add(reader + " " + names.readerEndpoint());
        }
        for (EndpointDns.Instance i : sorted) {
            lines.add(i.host() + " " + names.instanceEndpoint(i.id()));
        }
        for (Map.Entry<String, Set<String>> e : customMembers.entrySet()) {
            List<String> members = new ArrayList<>();
            for (EndpointDns.Instance i : sorted) {
                if (e.getValue().contains(i.id())) {
                    members.add(i.host());
                }
            }
            if (!members.isEmpty()) {
                lines.add(members.get((int) (turn % members.size())) + " " + names.customEndpoint(e.getKey()));
            }
        }
        return lines;
    }

    /** The stale-DNS window: a new writer is answered only once it has been the writer for the whole window. */
    private void followWriter(long nowNanos, String writer) {
        if (writer == null) {
            return; // between fencing the old writer and promoting the new one: the record stays as it is
        }
        if (clusterTarget == null) {
            clusterTarget = writer; // the cluster's first writer: no earlier answer to be stale
            return;
        }
        if (writer.equals(clusterTarget)) {
            pendingWriter = null;
            return;
        }
        if (!writer.equals(pendingWriter)) {
            pendingWriter = writer;
            pendingSince = nowNanos;
        }
        if (nowNanos - pendingSince >= staleWindowNanos) {
            clusterTarget = writer;
            pendingWriter = null;
        }
    }
}
