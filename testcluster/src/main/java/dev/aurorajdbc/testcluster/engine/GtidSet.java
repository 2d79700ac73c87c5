package dev.aurorajdbc.testcluster.engine;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A MySQL GTID set as the server prints it ({@code 3E11FA47-71CA-11E1-9E33-C80AA9429562:1-5:11-18,\n
 * 3E11FA47-...-C80AA9429563:1-27}; MySQL 8.3+ may add tags: {@code uuid:tag:1-5}), reduced to what the test cluster
 * needs: unions and the number of transactions. Every node of a cluster shares one history (replicas replay the
 * writer's, promoted writers continue it), so the number of transactions in a node's set is a position that only
 * grows and compares across nodes. Immutable.
 */
final class GtidSet {
    /** Source (uuid, or uuid:tag) → disjoint, sorted, inclusive intervals. */
    private final Map<String, List<long[]>> intervals;

    private GtidSet(Map<String, List<long[]>> intervals) {
        this.intervals = intervals;
    }

    /** Parses the server's text; blank text is the empty set. */
    static GtidSet parse(String text) {
        Map<String, List<long[]>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (text != null) {
            for (String entry : text.split(",")) {
                String e = entry.strip();
                if (e.isEmpty()) {
                    continue;
                }
                String[] parts = e.split(":");
                String source = parts[0].strip();
                for (int i = 1; i < parts.length; i++) {
                    String part = parts[i].strip();
                    if (part.isEmpty() || !Character.isDigit(part.charAt(0))) {
                        source = parts[0].strip() + ":" + part; // a tag: the ranges after it are its own
                        continue;
                    }
                    int dash = part.indexOf('-');
                    long start = Long.parseLong(dash < 0 ? part : part.substring(0, dash));
                    long end = dash < 0 ? start : Long.parseLong(part.substring(dash + 1));
                    if (end < start) {
                        throw new IllegalArgumentException("not a GTID set: " + text);
                    }
                    map.computeIfAbsent(source, k -> new ArrayList<>()).add(new long[] {start, end});
                }
            }
        }
        map.replaceAll((k, v) -> normalise(v));
        return new GtidSet(map);
    }

    /** Everything in this set or {@code other}. */
    GtidSet union(GtidSet other) {
        Map<String, List<long[]>> map = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (GtidSet set : List.of(this, other)) {
            set.intervals.forEach((k, v) -> map.computeIfAbsent(k, x -> new ArrayList<>()).addAll(v));
        }
        map.replaceAll((k, v) -> normalise(v));
        return new GtidSet(map);
    }

    /** The number of transactions in the set. */
    long count() {
        long n = 0;
        for (List<long[]> list : intervals.values()) {
            for (long[] range : list) {
                n += range[1] - range[0] + 1;
            }
        }
        return n;
    }

    boolean isEmpty() {
        return intervals.isEmpty();
    }

    private static List<long[]> normalise(List<long[]> ranges) {
        List<long[]> sorted = new ArrayList<>(ranges);
        sorted.sort(Comparator.comparingLong(r -> r[0]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : sorted) {
            long[] last = merged.isEmpty() ? null : merged.get(merged.size() - 1);
            if (last != null && r[0] <= last[1] + 1) {
                last[1] = Math.max(last[1], r[1]);
            } else {
                merged.add(new long[] {r[0], r[1]});
            }
        }
        return merged;
    }

    /** The server's syntax, sources in order (lower-case comparison), e.g. {@code uuid:1-5:7}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        intervals.forEach((source, list) -> {
            if (sb.length() > 0) {
                sb.append(',');
            }
            sb.append(source);
            for (long[] r : list) {
                sb.append(':').append(r[0]);
                if (r[1] != r[0]) {
                    sb.append('-').append(r[1]);
                }
            }
        });
        return sb.toString();
    }
}
