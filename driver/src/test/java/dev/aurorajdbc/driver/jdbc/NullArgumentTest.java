package dev.aurorajdbc.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorajdbc.driver.AuroraDataSource;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
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

    /**
     * Every ResultSet method taking a column label (its first parameter, a String) refuses a null label with 22023
     * before the native call, through AuroraResultSet#label (MisuseIT shows the same on real servers).
     */
    @Test
    void aNullColumnLabelIs22023WithoutReachingTheNativeResultSet() throws Exception {
        AuroraConnection connection = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "node1:5432");
        AuroraResultSet resultSet = (AuroraResultSet) connection.createStatement().executeQuery("select 1");
        int checked = 0;
        for (Method m : ResultSet.class.getMethods()) {
            Class<?>[] types = m.getParameterTypes();
            if (types.length == 0 || types[0] != String.class) {
                continue;
            }
            Object[] args = new Object[types.length];
            for (int i = 1; i < types.length; i++) {
                args[i] = types[i].isPrimitive() ? Array.get(Array.newInstance(types[i], 1), 0) : null;
            }
            NativeStub.of(resultSet.delegate).clear();
            Throwable thrown = catchThrowable(() -> m.invoke(resultSet, args));
            assertThat(thrown).as("%s", m).isInstanceOf(InvocationTargetException.class);
            assertThat(thrown.getCause()).as("%s", m).isInstanceOf(SQLException.class);
            // Through the funnel, which this stub owner answers with 08S02 (the real one passes 22023 through as it is).
            SQLException e = (SQLException) thrown.getCause();
            SQLException origin = "08S02".equals(e.getSQLState()) ? (SQLException) e.getCause() : e;
            assertThat(origin.getSQLState()).as("%s", m).isEqualTo("22023");
            assertThat(NativeStub.of(resultSet.delegate).calls()).as("%s reached the native result set", m).isEmpty();
            checked++;
        }
        assertThat(checked).as("ResultSet methods with a column label").isGreaterThanOrEqualTo(70);
    }
}
