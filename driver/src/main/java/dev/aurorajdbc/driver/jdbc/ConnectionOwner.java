package dev.aurorajdbc.driver.jdbc;

import java.sql.SQLException;

/**
 * What a logical connection needs from the driver: the exception funnel and life-cycle notices.
 *
 * <p>All calls come from the thread that uses the connection, except those caused by {@link
 * AuroraConnection#close()} and {@link AuroraConnection#abort(java.util.concurrent.Executor)}, which may come from
 * any thread (pools close connections from their housekeeping threads).
 */
public interface ConnectionOwner {

    /**
     * The exception funnel. Every SQLException thrown by a native object of this logical connection (connection,
     * statement, result set, metadata) passes here exactly once; the returned exception is what the application
     * sees: the same one, or a failover code such as {@code 08S02}. The session state already reflects the failed
     * call when this runs, so {@code connection.sessionState().inTransaction()} answers whether a transaction was
     * lost.
     *
     * <p>Not funneled: the quiet closes of a replaced native connection and its statements, and the errors of
     * {@link AuroraConnection#replacePhysical}, which go to its caller. When {@code connection.isClosed()} is true
     * (a failed {@code close()} or {@code abort()}), there is nothing left to fail over.
     *
     * @param connection the logical connection whose native object threw
     * @param e the native driver's exception
     * @return the exception to throw to the application, never null
     */
    SQLException onFailure(AuroraConnection connection, SQLException e);

    /**
     * The logical connection was closed (or aborted) by the application, after its native connection was closed.
     * Called once per logical connection.
     *
     * @param connection the closed logical connection
     */
    void closed(AuroraConnection connection);

    /** What the connection's log records start with, to name its cluster ({@code "[name] "}); empty by default. */
    default String logPrefix() {
        return "";
    }

    /**
     * Whether {@link #moveForReadOnly} may move the connection (read/write splitting is on). Asked on every
     * {@code setReadOnly} that changes the mode; the default is false.
     *
     * @return true if read-only changes go through {@link #moveForReadOnly}
     */
    default boolean movesForReadOnly() {
        return false;
    }

    /**
     * The application asks for another read-only mode, outside a transaction. The owner either moves the connection
     * to a native connection that fits the mode (with {@link AuroraConnection#switchTo}, which applies the new mode
     * there) and returns true, or returns false, and the connection applies the mode on its current native
     * connection. Only called when {@link #movesForReadOnly()} is true.
     *
     * @param connection the logical connection
     * @param readOnly the new mode
     * @return whether the connection was moved
     * @throws SQLException to report to the application that the move failed (the connection stays where it was)
     */
    default boolean moveForReadOnly(AuroraConnection connection, boolean readOnly) throws SQLException {
        return false;
    }
}
