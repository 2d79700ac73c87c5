package dev.aurorajdbc.driver.jdbc;

import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** A {@link ConnectionOwner} that records what it hears and answers each failure with a new "08S02" exception. */
final class RecordingOwner implements ConnectionOwner {

    final List<SQLException> failures = new CopyOnWriteArrayList<>();
    final List<SQLException> answers = new CopyOnWriteArrayList<>();
    final List<Boolean> inTransactionAtFailure = new CopyOnWriteArrayList<>();
    final List<Boolean> readOnlyChanges = new CopyOnWriteArrayList<>();
    final AtomicInteger closed = new AtomicInteger();
    /** Whether read-only changes come here (read/write splitting); this owner never moves the connection. */
    volatile boolean moves;

    @Override
    public SQLException onFailure(AuroraConnection connection, SQLException e) {
        failures.add(e);
        inTransactionAtFailure.add(connection.sessionState().inTransaction());
        SQLException answer = new SQLException("failed over after: " + e.getMessage(), "08S02", e);
        answers.add(answer);
        return answer;
    }

    @Override
    public void closed(AuroraConnection connection) {
        closed.incrementAndGet();
    }

    @Override
    public boolean movesForReadOnly() {
        return moves;
    }

    @Override
    public boolean moveForReadOnly(AuroraConnection connection, boolean readOnly) {
        readOnlyChanges.add(readOnly);
        return false;
    }
}
