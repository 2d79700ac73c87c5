package dev.aurorajdbc.driver.topology;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The test doubles behave as the native drivers do where the parsers rely on it, and fail loudly elsewhere. */
class RecordedDoublesTest {
    private final RecordedResultSet rows = RecordedResultSet.columns("s", "b", "n", "f", "u")
            .row("11", true, null, 3389.0f, BigInteger.valueOf(13306))
            .row(null, 1, 7L, null, null);

    @Test
    void gettersConvertAndTrackNulls() throws SQLException {
        ResultSet rs = rows.open().resultSet();
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("S")).isEqualTo("11");
        assertThat(rs.getBoolean("b")).isTrue();
        assertThat(rs.getLong("n")).isZero();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getDouble("f")).isEqualTo(3389.0);
        assertThat(rs.wasNull()).isFalse();
        assertThat(rs.getInt("u")).isEqualTo(13306);
        assertThat(rs.getLong("s")).isEqualTo(11);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString("s")).isNull();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.getBoolean("b")).isTrue();
        assertThat(rs.getBoolean("f")).isFalse();
        assertThat(rs.wasNull()).isTrue();
        assertThat(rs.next()).isFalse();
        assertThat(rs.next()).isFalse();
        rs.close();
        assertThat(rs.isClosed()).isTrue();
        assertThatThrownBy(rs::next).isInstanceOf(SQLException.class);
    }

    @Test
    void failsLoudlyOnWhatWasNotRecorded() throws SQLException {
        ResultSet rs = rows.open().resultSet();
        assertThatThrownBy(() -> rs.getString("s")).isInstanceOf(SQLException.class)
                .hasMessageContaining("not on a row");
        rs.next();
        assertThatThrownBy(() -> rs.getString("nope")).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("42703"));
        assertThatThrownBy(() -> rs.getTimestamp("s")).isInstanceOf(SQLFeatureNotSupportedException.class)
                .hasMessageContaining("ResultSet.getTimestamp");
        assertThat(rs.getBoolean("u")).as("a number is true unless 0").isTrue();
        RecordedConnection c = new RecordedConnection().answer("SELECT 1", rows);
        Statement st = c.connection().createStatement();
        assertThatThrownBy(() -> st.executeQuery("SELECT 2")).isInstanceOfSatisfying(SQLException.class,
                e -> assertThat(e.getSQLState()).isEqualTo("42601"));
        assertThatThrownBy(() -> st.executeUpdate("DELETE FROM t")).isInstanceOf(SQLFeatureNotSupportedException.class);
        assertThat(c.allClosed()).isFalse();
        st.close();
        assertThat(c.allClosed()).isTrue();
        assertThat(c.executed()).containsExactly("SELECT 2");
    }

    @Test
    void eachQueryGetsAFreshCursor() throws SQLException {
        RecordedConnection c = new RecordedConnection().answer("SELECT 1", rows);
        for (int i = 0; i < 2; i++) {
            try (Statement st = c.connection().createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getMetaData().getColumnCount()).isEqualTo(5);
                assertThat(rs.getMetaData().getColumnLabel(5)).isEqualTo("u");
            }
        }
        assertThat(c.allClosed()).isTrue();
        assertThat(rows.with(0, "s", "12").open().resultSet().next()).isTrue();
    }
}
