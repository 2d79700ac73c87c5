package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;

/**
 * An SQL ARRAY of an {@link AuroraConnection}: a thin wrapper around the native array, handed back to the native
 * driver unwrapped wherever the application passes it in. Its result sets come back wrapped; the elements
 * {@code getArray} returns are the native driver's.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}; the ones with nothing more to do are generated, into
 * {@code GeneratedAuroraArray}.
 */
@GenerateDelegation(values = Values.class, resultSet = "resultSet")
abstract class AuroraArray implements Array, NativeValue {

    final AuroraConnection connection;
    final Array delegate;

    AuroraArray(AuroraConnection connection, Array delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    @Override
    public Object nativeObject() {
        return delegate;
    }

    /** The native object's own text (for an array, its literal). */
    @Override
    public String toString() {
        return delegate.toString();
    }

    // ---- the elements as the native driver gives them: a generated method would wrap an Object (Values.wrap) ----

    @Override
    public Object getArray() throws SQLException {
        try {
            return delegate.getArray();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getArray(Map<String, Class<?>> map) throws SQLException {
        try {
            return delegate.getArray(map);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getArray(long index, int count) throws SQLException {
        try {
            return delegate.getArray(index, count);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getArray(long index, int count, Map<String, Class<?>> map) throws SQLException {
        try {
            return delegate.getArray(index, count, map);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }

    ResultSet resultSet(ResultSet rs) {
        return rs == null ? null : new GeneratedAuroraResultSet(connection, null, rs);
    }
}
