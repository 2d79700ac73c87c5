package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLType;

/**
 * A prepared statement of an {@link AuroraConnection}: a thin wrapper around the native prepared statement, as
 * {@link AuroraStatement} describes.
 */
@GenerateDelegation(delegate = "prepared", values = Values.class, resultSet = "resultSet")
public abstract class AuroraPreparedStatement extends AuroraStatement implements PreparedStatement {

    final PreparedStatement prepared;

    AuroraPreparedStatement(AuroraConnection connection, PreparedStatement delegate) {
        super(connection, delegate);
        this.prepared = delegate;
    }

    // ---- executing (noted in the session state), and a null SQLType (22023 before the native call) ----

    @Override
    public ResultSet executeQuery() throws SQLException {
        state.executing();
        try {
            return resultSet(prepared.executeQuery());
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int executeUpdate() throws SQLException {
        state.executing();
        try {
            return prepared.executeUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean execute() throws SQLException {
        state.executing();
        try {
            return prepared.execute();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength) throws SQLException {
        try {
            prepared.setObject(parameterIndex, Values.nativeOf(x), Arguments.required(targetSqlType, "targetSqlType"),
                    scaleOrLength);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
        try {
            prepared.setObject(parameterIndex, Values.nativeOf(x), Arguments.required(targetSqlType, "targetSqlType"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long executeLargeUpdate() throws SQLException {
        state.executing();
        try {
            return prepared.executeLargeUpdate();
        } catch (SQLException e) {
            throw fail(e);
        }
    }
}
