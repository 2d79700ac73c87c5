package dev.aurorajdbc.driver;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

/**
 * The exceptions that tell the application how a failover ended. Their SQLStates are the AWS Advanced JDBC Wrapper's
 * (retry code written for it works unchanged); their classes are chosen for what common clients do with each class
 * (the README's table, "What clients do with the outcomes", and {@code ClientOutcomeTest}), so that a client takes the
 * fastest correct path: redo the statement, or the transaction, on the same connection, which is on the new writer.
 * All three are {@link java.sql.SQLTransientException}s: retrying may succeed.
 */
public final class FailoverOutcome {
    private FailoverOutcome() {
    }

    /**
     * {@code 08S02}, failed over outside a transaction, the connection usable: a
     * {@link SQLTransientConnectionException}, which JDBC defines as "might succeed when retried without any
     * application-level changes" (Spring: {@code TransientDataAccessResourceException}).
     */
    public static SQLException statementToRedo(String message, SQLException cause) {
        return new SQLTransientConnectionException(message, SqlStates.FAILOVER_SUCCEEDED, cause);
    }

    /**
     * {@code 08007}, failed over inside a transaction, which is gone (its outcome unknown if the failure hit its
     * commit): a {@link SQLTransactionRollbackException}, the class of a transaction the server rolled back, which
     * clients redo as a whole (Spring: {@code PessimisticLockingFailureException}, a
     * {@code ConcurrencyFailureException}), rather than a connection error, which some take for a dead connection and
     * replace it although it is on the new writer.
     */
    public static SQLException transactionToRedo(String message, SQLException cause) {
        return new SQLTransactionRollbackException(message, SqlStates.TRANSACTION_RESOLUTION_UNKNOWN, cause);
    }

    /**
     * {@code 08001}, no writer within {@code failoverTimeoutMs}: a {@link SQLTransientConnectionException}; the next
     * call on the same connection tries again.
     */
    public static SQLException noWriter(String message, SQLException cause) {
        return new SQLTransientConnectionException(message, SqlStates.UNABLE_TO_CONNECT, cause);
    }
}
