package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A result set of an {@link AuroraConnection}: a thin wrapper around the native result set, HikariCP-style. Every
 * method is the native call in a try/catch whose SQLException goes through the connection's funnel exactly once;
 * the ones with nothing more to do are generated, into {@code GeneratedAuroraResultSet}. {@link #getStatement()}
 * returns the wrapper statement, never the native one; a result set met as a value (a REF CURSOR) comes back wrapped.
 */
@GenerateDelegation(values = Values.class)
public abstract class AuroraResultSet implements ResultSet {

    final AuroraConnection connection;
    final ResultSet delegate;
    /** The statement that produced it; for metadata result sets, the native's own statement, wrapped on demand. */
    private AuroraStatement statement;

    AuroraResultSet(AuroraConnection connection, AuroraStatement statement, ResultSet delegate) {
        this.connection = connection;
        this.statement = statement;
        this.delegate = delegate;
    }

    /**
     * {@inheritDoc}
     *
     * <p>The wrapper of the statement that produced this result set; null where the native returns null (some
     * metadata result sets).
     */
    @Override
    public Statement getStatement() throws SQLException {
        Statement s;
        try {
            s = delegate.getStatement();
        } catch (SQLException e) {
            throw fail(e);
        }
        if (s == null) {
            return null;
        }
        AuroraStatement w = statement;
        if (w == null) {
            w = connection.wrapForeign(s);
            statement = w;
        }
        return w;
    }

    @Override
    public void close() throws SQLException {
        try {
            delegate.close();
        } catch (SQLException e) {
            throw fail(e);
        }
        AuroraStatement s = statement;
        if (s != null) {
            s.resultSetClosed();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>This result set itself first, then the native result set and what it wraps.
     */
    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == null) {
            throw new SQLException("unwrap: the interface is null", dev.aurorajdbc.driver.SqlStates.INVALID_PARAMETER_VALUE);
        }
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
        if (iface == null) {
            return false;
        }
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
        return "AuroraResultSet wrapping " + delegate;
    }

    // ---- by column label: a null label is 22023 before the native call ----

    @Override
    public String getString(String columnLabel) throws SQLException {
        try {
            return delegate.getString(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(String columnLabel) throws SQLException {
        try {
            return delegate.getBoolean(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(String columnLabel) throws SQLException {
        try {
            return delegate.getByte(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(String columnLabel) throws SQLException {
        try {
            return delegate.getShort(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(String columnLabel) throws SQLException {
        try {
            return delegate.getInt(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(String columnLabel) throws SQLException {
        try {
            return delegate.getLong(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(String columnLabel) throws SQLException {
        try {
            return delegate.getFloat(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(String columnLabel) throws SQLException {
        try {
            return delegate.getDouble(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
        try {
            return delegate.getBigDecimal(Arguments.required(columnLabel, "columnLabel"), scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(String columnLabel) throws SQLException {
        try {
            return delegate.getBytes(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String columnLabel) throws SQLException {
        try {
            return delegate.getDate(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String columnLabel) throws SQLException {
        try {
            return delegate.getTime(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel) throws SQLException {
        try {
            return delegate.getTimestamp(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.InputStream getAsciiStream(String columnLabel) throws SQLException {
        try {
            return delegate.getAsciiStream(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Deprecated
    @Override
    public java.io.InputStream getUnicodeStream(String columnLabel) throws SQLException {
        try {
            return delegate.getUnicodeStream(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.InputStream getBinaryStream(String columnLabel) throws SQLException {
        try {
            return delegate.getBinaryStream(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String columnLabel) throws SQLException {
        try {
            return Values.wrap(connection, delegate.getObject(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int findColumn(String columnLabel) throws SQLException {
        try {
            return delegate.findColumn(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String columnLabel) throws SQLException {
        try {
            return delegate.getCharacterStream(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
        try {
            return delegate.getBigDecimal(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNull(String columnLabel) throws SQLException {
        try {
            delegate.updateNull(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBoolean(String columnLabel, boolean x) throws SQLException {
        try {
            delegate.updateBoolean(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateByte(String columnLabel, byte x) throws SQLException {
        try {
            delegate.updateByte(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateShort(String columnLabel, short x) throws SQLException {
        try {
            delegate.updateShort(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateInt(String columnLabel, int x) throws SQLException {
        try {
            delegate.updateInt(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateLong(String columnLabel, long x) throws SQLException {
        try {
            delegate.updateLong(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateFloat(String columnLabel, float x) throws SQLException {
        try {
            delegate.updateFloat(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateDouble(String columnLabel, double x) throws SQLException {
        try {
            delegate.updateDouble(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBigDecimal(String columnLabel, BigDecimal x) throws SQLException {
        try {
            delegate.updateBigDecimal(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateString(String columnLabel, String x) throws SQLException {
        try {
            delegate.updateString(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBytes(String columnLabel, byte[] x) throws SQLException {
        try {
            delegate.updateBytes(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateDate(String columnLabel, java.sql.Date x) throws SQLException {
        try {
            delegate.updateDate(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateTime(String columnLabel, java.sql.Time x) throws SQLException {
        try {
            delegate.updateTime(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateTimestamp(String columnLabel, java.sql.Timestamp x) throws SQLException {
        try {
            delegate.updateTimestamp(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate.updateAsciiStream(Arguments.required(columnLabel, "columnLabel"), x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, int length) throws SQLException {
        try {
            delegate.updateBinaryStream(Arguments.required(columnLabel, "columnLabel"), x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader reader, int length) throws SQLException {
        try {
            delegate.updateCharacterStream(Arguments.required(columnLabel, "columnLabel"), reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, int scaleOrLength) throws SQLException {
        try {
            delegate.updateObject(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x), scaleOrLength);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x) throws SQLException {
        try {
            delegate.updateObject(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
        try {
            return Values.wrap(connection, delegate.getObject(Arguments.required(columnLabel, "columnLabel"), map));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(String columnLabel) throws SQLException {
        try {
            return Values.ref(connection, delegate.getRef(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(String columnLabel) throws SQLException {
        try {
            return Values.blob(connection, delegate.getBlob(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(String columnLabel) throws SQLException {
        try {
            return Values.clob(connection, delegate.getClob(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array getArray(String columnLabel) throws SQLException {
        try {
            return Values.array(connection, delegate.getArray(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String columnLabel, Calendar cal) throws SQLException {
        try {
            return delegate.getDate(Arguments.required(columnLabel, "columnLabel"), cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String columnLabel, Calendar cal) throws SQLException {
        try {
            return delegate.getTime(Arguments.required(columnLabel, "columnLabel"), cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
        try {
            return delegate.getTimestamp(Arguments.required(columnLabel, "columnLabel"), cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(String columnLabel) throws SQLException {
        try {
            return delegate.getURL(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRef(String columnLabel, java.sql.Ref x) throws SQLException {
        try {
            delegate.updateRef(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(String columnLabel, java.sql.Blob x) throws SQLException {
        try {
            delegate.updateBlob(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(String columnLabel, java.sql.Clob x) throws SQLException {
        try {
            delegate.updateClob(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateArray(String columnLabel, java.sql.Array x) throws SQLException {
        try {
            delegate.updateArray(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(String columnLabel) throws SQLException {
        try {
            return delegate.getRowId(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateRowId(String columnLabel, RowId x) throws SQLException {
        try {
            delegate.updateRowId(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNString(String columnLabel, String nString) throws SQLException {
        try {
            delegate.updateNString(Arguments.required(columnLabel, "columnLabel"), nString);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(String columnLabel, NClob nClob) throws SQLException {
        try {
            delegate.updateNClob(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(nClob));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(String columnLabel) throws SQLException {
        try {
            return Values.nclob(connection, delegate.getNClob(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String columnLabel) throws SQLException {
        try {
            return Values.sqlxml(connection, delegate.getSQLXML(Arguments.required(columnLabel, "columnLabel")));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateSQLXML(String columnLabel, SQLXML xmlObject) throws SQLException {
        try {
            delegate.updateSQLXML(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(xmlObject));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(String columnLabel) throws SQLException {
        try {
            return delegate.getNString(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String columnLabel) throws SQLException {
        try {
            return delegate.getNCharacterStream(Arguments.required(columnLabel, "columnLabel"));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(String columnLabel, java.io.Reader reader, long length) throws SQLException {
        try {
            delegate.updateNCharacterStream(Arguments.required(columnLabel, "columnLabel"), reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate.updateAsciiStream(Arguments.required(columnLabel, "columnLabel"), x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x, long length) throws SQLException {
        try {
            delegate.updateBinaryStream(Arguments.required(columnLabel, "columnLabel"), x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader reader, long length) throws SQLException {
        try {
            delegate.updateCharacterStream(Arguments.required(columnLabel, "columnLabel"), reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream, long length) throws SQLException {
        try {
            delegate.updateBlob(Arguments.required(columnLabel, "columnLabel"), inputStream, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(String columnLabel, Reader reader, long length) throws SQLException {
        try {
            delegate.updateClob(Arguments.required(columnLabel, "columnLabel"), reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader, long length) throws SQLException {
        try {
            delegate.updateNClob(Arguments.required(columnLabel, "columnLabel"), reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNCharacterStream(String columnLabel, java.io.Reader reader) throws SQLException {
        try {
            delegate.updateNCharacterStream(Arguments.required(columnLabel, "columnLabel"), reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateAsciiStream(String columnLabel, java.io.InputStream x) throws SQLException {
        try {
            delegate.updateAsciiStream(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBinaryStream(String columnLabel, java.io.InputStream x) throws SQLException {
        try {
            delegate.updateBinaryStream(Arguments.required(columnLabel, "columnLabel"), x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateCharacterStream(String columnLabel, java.io.Reader reader) throws SQLException {
        try {
            delegate.updateCharacterStream(Arguments.required(columnLabel, "columnLabel"), reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateBlob(String columnLabel, InputStream inputStream) throws SQLException {
        try {
            delegate.updateBlob(Arguments.required(columnLabel, "columnLabel"), inputStream);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateClob(String columnLabel, Reader reader) throws SQLException {
        try {
            delegate.updateClob(Arguments.required(columnLabel, "columnLabel"), reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateNClob(String columnLabel, Reader reader) throws SQLException {
        try {
            delegate.updateNClob(Arguments.required(columnLabel, "columnLabel"), reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
        try {
            return Values.wrap(connection, delegate.getObject(Arguments.required(columnLabel, "columnLabel"), type),
                    type);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        try {
            delegate.updateObject(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x), targetSqlType,
                    scaleOrLength);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void updateObject(String columnLabel, Object x, SQLType targetSqlType) throws SQLException {
        try {
            delegate.updateObject(Arguments.required(columnLabel, "columnLabel"), Values.nativeOf(x), targetSqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
