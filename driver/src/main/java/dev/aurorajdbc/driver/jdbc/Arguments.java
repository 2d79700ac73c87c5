package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.driver.SqlStates;

import java.sql.SQLException;
import java.sql.SQLNonTransientException;

/**
 * Checks of the application's arguments that JDBC leaves no meaning for when null (SQL text, column labels,
 * savepoints, client-info names, SQL types). The native drivers answer such a null with a NullPointerException or an
 * IllegalArgumentException from deep inside (pgjdbc, Connector/J alike); the wrappers answer it with {@code 22023}
 * before the native call. A null check and a constant name: nothing allocated on the statement path.
 */
final class Arguments {
    private Arguments() {
    }

    /**
     * @return {@code value}
     * @throws SQLException {@code 22023} naming the argument, when {@code value} is null
     */
    static <T> T required(T value, String name) throws SQLException {
        if (value == null) {
            throw isNull(name);
        }
        return value;
    }

    /** {@code 22023}: the argument called {@code name} is null where JDBC requires a value. */
    static SQLException isNull(String name) {
        return new SQLNonTransientException(name + " is null", SqlStates.INVALID_PARAMETER_VALUE);
    }
}
