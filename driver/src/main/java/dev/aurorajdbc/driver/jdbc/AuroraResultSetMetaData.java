package dev.aurorajdbc.driver.jdbc;

import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/**
 * The metadata of a result set or prepared statement of an {@link AuroraConnection}: a thin wrapper around the
 * native metadata.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}.
 */
final class AuroraResultSetMetaData implements ResultSetMetaData {

    final AuroraConnection connection;
    final ResultSetMetaData delegate;

    AuroraResultSetMetaData(AuroraConnection connection, ResultSetMetaData delegate) {
        this.connection = connection;
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     *
     * <p>This object itself first, then the native object and what it wraps.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        if (iface.isInstance(delegate)) {
            return iface.cast(delegate);
        }
        try {
            return delegate.unwrap(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        if (iface.isInstance(this) || iface.isInstance(delegate)) {
            return true;
        }
        try {
            return delegate.isWrapperFor(iface);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String toString() {
        return "AuroraResultSetMetaData wrapping " + delegate;
    }

    // ---- plain delegation ----

    @Override
    public int getColumnCount() throws SQLException {
        try {
            return delegate.getColumnCount();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isAutoIncrement(int column) throws SQLException {
        try {
            return delegate.isAutoIncrement(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isCaseSensitive(int column) throws SQLException {
        try {
            return delegate.isCaseSensitive(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isSearchable(int column) throws SQLException {
        try {
            return delegate.isSearchable(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isCurrency(int column) throws SQLException {
        try {
            return delegate.isCurrency(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int isNullable(int column) throws SQLException {
        try {
            return delegate.isNullable(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isSigned(int column) throws SQLException {
        try {
            return delegate.isSigned(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getColumnDisplaySize(int column) throws SQLException {
        try {
            return delegate.getColumnDisplaySize(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getColumnLabel(int column) throws SQLException {
        try {
            return delegate.getColumnLabel(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getColumnName(int column) throws SQLException {
        try {
            return delegate.getColumnName(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSchemaName(int column) throws SQLException {
        try {
            return delegate.getSchemaName(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getPrecision(int column) throws SQLException {
        try {
            return delegate.getPrecision(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getScale(int column) throws SQLException {
        try {
            return delegate.getScale(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getTableName(int column) throws SQLException {
        try {
            return delegate.getTableName(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getCatalogName(int column) throws SQLException {
        try {
            return delegate.getCatalogName(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getColumnType(int column) throws SQLException {
        try {
            return delegate.getColumnType(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getColumnTypeName(int column) throws SQLException {
        try {
            return delegate.getColumnTypeName(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isReadOnly(int column) throws SQLException {
        try {
            return delegate.isReadOnly(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isWritable(int column) throws SQLException {
        try {
            return delegate.isWritable(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean isDefinitelyWritable(int column) throws SQLException {
        try {
            return delegate.isDefinitelyWritable(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getColumnClassName(int column) throws SQLException {
        try {
            return delegate.getColumnClassName(column);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    private SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
