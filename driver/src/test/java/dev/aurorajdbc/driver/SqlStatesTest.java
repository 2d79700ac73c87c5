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

    @Test
    void recognisesACertificateThatWasNotAcceptedAndNotABrokenHandshake() {
        SQLException pkix = new SQLException("SSL error: PKIX path building failed", "08006",
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"));
        pkix.getCause().initCause(new java.security.cert.CertificateException("unable to find valid certification path"));
        assertThat(SqlStates.tlsVerificationFailure(pkix)).contains("not accepted").contains("valid certification path");
        SQLException hostname = new SQLException("The hostname 127.1.0.11 could not be verified by hostnameverifier"
                + " PgjdbcHostnameVerifier.", "08006");
        assertThat(SqlStates.tlsVerificationFailure(hostname)).contains("does not name the host").contains("127.1.0.11");
        SQLException identity = new SQLException("Communications link failure", "08S01",
                new javax.net.ssl.SSLHandshakeException("x"));
        identity.getCause().initCause(new java.security.cert.CertificateException("Server certificate identity check failed."));
        assertThat(SqlStates.tlsVerificationFailure(identity)).contains("identity check failed");
        SQLException broken = new SQLException("SSL error: Remote host terminated the handshake", "08006",
                new javax.net.ssl.SSLHandshakeException("Remote host terminated the handshake"));
        assertThat(SqlStates.tlsVerificationFailure(broken)).isNull();
        assertThat(SqlStates.tlsVerificationFailure(new SQLException("Connection refused", "08001"))).isNull();
    }
}
