package dev.aurorajdbc.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStatesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "null", value = {
        "08006|0|CONNECTION",     // pgjdbc: I/O error, connection failure
        "08001|0|CONNECTION",     // pgjdbc: could not connect
        "08S01|0|CONNECTION",     // Connector/J: communications link failure
        "57P01|0|CONNECTION",     // PostgreSQL: terminating connection due to administrator command
        "57P03|0|CONNECTION",     // PostgreSQL: the database system is shutting down / starting up
        "HY000|3032|CONNECTION",  // MySQL: the server is currently in offline mode
        "25006|0|READ_ONLY",      // PostgreSQL: cannot execute INSERT in a read-only transaction
        "HY000|1290|READ_ONLY",   // MariaDB/MySQL: --read-only option
        "HY000|1836|READ_ONLY",   // MySQL: read-only mode
        "23505|0|STATEMENT",      // unique violation
        "42P01|0|STATEMENT",      // undefined table
        "HY000|1064|STATEMENT",   // MySQL syntax error
        "null|0|STATEMENT",
    })
    void classifiesNativeErrors(String state, int code, SqlStates.Failure expected) {
        assertThat(SqlStates.classify(new SQLException("x", state, code))).isEqualTo(expected);
    }

    @Test
    void looksThroughChainedExceptions() {
        SQLException batch = new SQLException("batch entry 3 failed", "23505");
        batch.setNextException(new SQLException("An I/O error occurred", "08006"));
        assertThat(SqlStates.classify(batch)).isEqualTo(SqlStates.Failure.CONNECTION);
    }
}
