package dev.aurorajdbc.driver.conformance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;

/**
 * A kind of connection the suite runs through: the native driver, the wrappers over a native connection, or the
 * {@code jdbc:aurora:} driver.
 *
 * @param name how reports call it, e.g. {@code "native"}
 * @param opener opens a new connection of this kind (a step may open a second one)
 */
record Subject(String name, Opener opener) {

    Subject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(opener, "opener");
    }

    /** Opens connections of one kind. */
    @FunctionalInterface
    interface Opener {

        /**
         * Opens a connection.
         *
         * @return a new connection, auto-commit on
         * @throws SQLException when the connection cannot be opened
         */
        Connection open() throws SQLException;
    }

    /**
     * Opens a new connection of this kind.
     *
     * @return a new connection; the caller closes it
     * @throws SQLException when the connection cannot be opened
     */
    Connection open() throws SQLException {
        return opener.open();
    }
}
