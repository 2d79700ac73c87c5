package dev.aurorajdbc.benchmarks.failover;

import dev.aurorajdbc.benchmarks.demo.Fault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One failover trial's measurements.
 *
 * @param client          the client
 * @param fault           the fault injected on the writer
 * @param trial           the trial's number (1-based) for this client and fault
 * @param resumed         whether writes resumed within the trial's bound
 * @param windowMs        the write-unavailability window: last acknowledged write before the outage to the first
 *                        acknowledged after it (ms); when not resumed, the trial's bound (a lower bound)
 * @param watchdogMs      fault → the control plane's failover began (the watchdog's detection; ≈ 0 for
 *                        {@code failover()}); -1 when no failover happened
 * @param promotionMs     the failover's start → the new writer accepted writes (its fence, select and promote steps);
 *                        -1 when no failover happened
 * @param clusterMs       fault → the new writer accepted writes ({@code watchdogMs + promotionMs}): the cluster's own
 *                        time, the floor for any client
 * @param steps           the failover's steps and their durations, ms
 * @param acknowledged    writes acknowledged in the trial
 * @param lost            acknowledged writes missing on the writer after the trial; -1 when not checked
 * @param failures        failed statements
 * @param connectFailures failed connection attempts
 * @param connections     connections opened
 * @param sameConnectionRetries statements redone on the same connection after {@code 08S02}/{@code 08007}
 * @param errors          the distinct errors the application saw (SQLState: first line), at most 10
 * @param note            what went wrong with the trial, or empty
 */
public record TrialResult(ClientKind client, Fault fault, int trial, boolean resumed, double windowMs, long watchdogMs,
        long promotionMs, long clusterMs, Map<String, Long> steps, long acknowledged, long lost, long failures,
        long connectFailures, long connections, long sameConnectionRetries, List<String> errors, String note) {

    /** The trial as a JSON-ready map. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("trial", trial);
        m.put("resumed", resumed);
        m.put("windowMs", windowMs);
        m.put("watchdogMs", watchdogMs);
        m.put("promotionMs", promotionMs);
        m.put("clusterMs", clusterMs);
        m.put("steps", steps);
        m.put("acknowledged", acknowledged);
        m.put("lost", lost);
        m.put("failures", failures);
        m.put("connectFailures", connectFailures);
        m.put("connections", connections);
        m.put("sameConnectionRetries", sameConnectionRetries);
        m.put("errors", errors);
        if (!note.isEmpty()) {
            m.put("note", note);
        }
        return m;
    }
}
