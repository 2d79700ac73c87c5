package dev.aurorajdbc.driver.hikari;

import com.zaxxer.hikari.SQLExceptionOverride.Override;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

import static org.assertj.core.api.Assertions.assertThat;

class AuroraSQLExceptionOverrideTest {
    private final AuroraSQLExceptionOverride override = new AuroraSQLExceptionOverride();

    @Test
    void failedOverConnectionsStayInThePool() {
        assertThat(override.adjudicate(new SQLTransientConnectionException("failed over", "08S02"))).isEqualTo(Override.DO_NOT_EVICT);
        assertThat(override.adjudicate(new SQLTransientConnectionException("failed over in a transaction", "08007")))
                .isEqualTo(Override.DO_NOT_EVICT);
    }

    @Test
    void everythingElseGetsHikarisOwnVerdict() {
        assertThat(override.adjudicate(new SQLTransientConnectionException("no writer", "08001"))).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(override.adjudicate(new SQLException("I/O error", "08006"))).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(override.adjudicate(new SQLException("duplicate key", "23505"))).isEqualTo(Override.CONTINUE_EVICT);
        assertThat(override.adjudicate(new SQLException("no state"))).isEqualTo(Override.CONTINUE_EVICT);
    }
}
