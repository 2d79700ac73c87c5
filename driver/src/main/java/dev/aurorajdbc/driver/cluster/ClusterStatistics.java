package dev.aurorajdbc.driver.cluster;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a cluster's context counts for its MXBean ({@link AuroraClusterMXBean}): failovers of logical connections,
 * changes of the writer, read-your-writes waits. Counted where those events already happen (a failover, a monitor
 * round, a {@code setReadOnly}), never on the statement path.
 */
final class ClusterStatistics {
    private final LongAdder failovers = new LongAdder();
    private final LongAdder failoversInTransaction = new LongAdder();
    private final LongAdder failoversFailed = new LongAdder();
    private final LongAdder failoverMillis = new LongAdder();
    private final AtomicLong failoverMillisMax = new AtomicLong();
    private final LongAdder writerLosses = new LongAdder();
    private final LongAdder writerConfirmations = new LongAdder();
    private final AtomicLong lastWriterUnavailableMillis = new AtomicLong();
    private final AtomicLong lastWriterChangeMillis = new AtomicLong();
    private final LongAdder replayWaits = new LongAdder();
    private final LongAdder replayFallbacks = new LongAdder();

    /** A logical connection failed over ({@code to} non-null) or gave up after {@code waitedMillis}. */
    void failover(boolean succeeded, boolean inTransaction, long waitedMillis) {
        if (!succeeded) {
            failoversFailed.increment();
            return;
        }
        failovers.increment();
        if (inTransaction) {
            failoversInTransaction.increment();
        }
        failoverMillis.add(waitedMillis);
        failoverMillisMax.accumulateAndGet(waitedMillis, Math::max);
    }

    /** The monitor lost the writer ({@code confirmed} false) or confirmed a new one after {@code unavailableMillis}. */
    void writerChange(boolean confirmed, long unavailableMillis) {
        lastWriterChangeMillis.set(System.currentTimeMillis());
        if (confirmed) {
            writerConfirmations.increment();
            lastWriterUnavailableMillis.set(unavailableMillis);
        } else {
            writerLosses.increment();
        }
    }

    /** A read-your-writes check on a replica: it had replayed the session's writes, or the writer serves instead. */
    void replay(boolean caughtUp) {
        (caughtUp ? replayWaits : replayFallbacks).increment();
    }

    long failovers() {
        return failovers.sum();
    }

    long failoversInTransaction() {
        return failoversInTransaction.sum();
    }

    long failoversFailed() {
        return failoversFailed.sum();
    }

    long failoverMillisTotal() {
        return failoverMillis.sum();
    }

    long failoverMillisMax() {
        return failoverMillisMax.get();
    }

    long writerLosses() {
        return writerLosses.sum();
    }

    long writerConfirmations() {
        return writerConfirmations.sum();
    }

    long lastWriterUnavailableMillis() {
        return lastWriterUnavailableMillis.get();
    }

    long lastWriterChangeMillis() {
        return lastWriterChangeMillis.get();
    }

    long replayWaits() {
        return replayWaits.sum();
    }

    long replayFallbacks() {
        return replayFallbacks.sum();
    }
}
