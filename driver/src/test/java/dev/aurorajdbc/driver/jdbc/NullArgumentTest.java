package dev.aurorajdbc.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorajdbc.driver.AuroraDataSource;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Wrapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A null where JDBC forbids it gives an SQLException, not a NullPointerException out of the driver: {@code unwrap(null)}
 * fails with 22023 (as {@code abort(null)}), {@code isWrapperFor(null)} is false. Before, both threw NullPointerException
 * on every wrapper.
 */
class NullArgumentTest {

    @Test
    void unwrapOfNullIs22023AndIsWrapperForNullIsFalseOnEveryWrapper() throws SQLException {
        AuroraConnection connection = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "node1:5432");
        Statement statement = connection.createStatement();
        PreparedStatement prepared = connection.prepareStatement("select 1");
        CallableStatement callable = connection.prepareCall("call p()");
        ResultSet resultSet = statement.executeQuery("select 1");
        DatabaseMetaData metaData = connection.getMetaData();
        for (Wrapper w : List.of(connection, statement, prepared, callable, resultSet, metaData, new AuroraDataSource())) {
            assertThatThrownBy(() -> w.unwrap(null)).as("%s", w).isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
            assertThat(w.isWrapperFor(null)).as("%s", w).isFalse();
        }
        connection.close();
        assertThatThrownBy(() -> connection.unwrap(null)).isInstanceOf(SQLException.class);
        assertThat(connection.isWrapperFor(null)).isFalse();
    }
}
