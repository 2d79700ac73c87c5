package dev.aurorajdbc.testcluster;

import java.util.List;

/**
 * What one failover did and how long each step took.
 *
 * @param trigger          {@code manual} ({@link TestCluster#failover()}) or {@code watchdog} (automatic failover)
 * @param oldWriter        the id of the writer before the failover
 * @param newWriter        the id of the promoted replica
 * @param steps            the steps in order, each with its duration
 * @param writableAfterMs  milliseconds from the start of the failover until the control plane had confirmed that the
 *                         new writer accepts writes (its promote step returned; clients may write to it a little
 *                         earlier: PostgreSQL's {@code pg_promote} looks every 100 ms, then a check connects)
 * @param totalMs          milliseconds from the start until the failover returned (old writer back as a replica)
 * @param startedAtMillis  epoch milliseconds at which the failover started
 */
public record FailoverReport(String trigger, String oldWriter, String newWriter, List<Step> steps,
        long writableAfterMs, long totalMs, long startedAtMillis) {

    /** One step of a failover: {@code fence}, {@code select}, {@code promote}, {@code repoint}, {@code metadata}, {@code rejoin}. */
    public record Step(String name, long millis, String detail) {
    }

    /** The duration of a step, or -1 when the failover had no such step. */
    public long stepMillis(String name) {
        for (Step s : steps) {
            if (s.name().equals(name)) {
                return s.millis();
            }
        }
        return -1;
    }
}
