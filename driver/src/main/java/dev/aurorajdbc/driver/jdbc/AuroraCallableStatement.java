package dev.aurorajdbc.driver.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement of an {@link AuroraConnection}: a thin wrapper around the native callable statement, as
 * {@link AuroraStatement} describes. An OUT parameter holding a result set (a REF CURSOR) comes back wrapped.
 */
public final class AuroraCallableStatement extends AuroraPreparedStatement implements CallableStatement {

    final CallableStatement callable;

    AuroraCallableStatement(AuroraConnection connection, CallableStatement delegate) {
        super(connection, delegate);
        this.callable = delegate;
    }

    // ---- plain delegation ----

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType) throws SQLException {
        try {
            callable.registerOutParameter(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, int scale) throws SQLException {
        try {
            callable.registerOutParameter(parameterIndex, sqlType, scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean wasNull() throws SQLException {
        try {
            return callable.wasNull();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString(int parameterIndex) throws SQLException {
        try {
            return callable.getString(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(int parameterIndex) throws SQLException {
        try {
            return callable.getBoolean(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(int parameterIndex) throws SQLException {
        try {
            return callable.getByte(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(int parameterIndex) throws SQLException {
        try {
            return callable.getShort(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(int parameterIndex) throws SQLException {
        try {
            return callable.getInt(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(int parameterIndex) throws SQLException {
        try {
            return callable.getLong(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(int parameterIndex) throws SQLException {
        try {
            return callable.getFloat(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(int parameterIndex) throws SQLException {
        try {
            return callable.getDouble(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Deprecated
    @Override
    public BigDecimal getBigDecimal(int parameterIndex, int scale) throws SQLException {
        try {
            return callable.getBigDecimal(parameterIndex, scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(int parameterIndex) throws SQLException {
        try {
            return callable.getBytes(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(int parameterIndex) throws SQLException {
        try {
            return callable.getDate(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(int parameterIndex) throws SQLException {
        try {
            return callable.getTime(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex) throws SQLException {
        try {
            return callable.getTimestamp(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex) throws SQLException {
        try {
            return Values.wrap(connection, callable.getObject(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(int parameterIndex) throws SQLException {
        try {
            return callable.getBigDecimal(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(int parameterIndex, Map<String, Class<?>> map) throws SQLException {
        try {
            return Values.wrap(connection, callable.getObject(parameterIndex, map));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(int parameterIndex) throws SQLException {
        try {
            return Values.ref(connection, callable.getRef(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(int parameterIndex) throws SQLException {
        try {
            return Values.blob(connection, callable.getBlob(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(int parameterIndex) throws SQLException {
        try {
            return Values.clob(connection, callable.getClob(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array getArray(int parameterIndex) throws SQLException {
        try {
            return Values.array(connection, callable.getArray(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return callable.getDate(parameterIndex, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return callable.getTime(parameterIndex, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(int parameterIndex, Calendar cal) throws SQLException {
        try {
            return callable.getTimestamp(parameterIndex, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, int sqlType, String typeName) throws SQLException {
        try {
            callable.registerOutParameter(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType) throws SQLException {
        try {
            callable.registerOutParameter(parameterName, sqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, int scale) throws SQLException {
        try {
            callable.registerOutParameter(parameterName, sqlType, scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            callable.registerOutParameter(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(int parameterIndex) throws SQLException {
        try {
            return callable.getURL(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setURL(String parameterName, java.net.URL val) throws SQLException {
        try {
            callable.setURL(parameterName, val);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType) throws SQLException {
        try {
            callable.setNull(parameterName, sqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBoolean(String parameterName, boolean x) throws SQLException {
        try {
            callable.setBoolean(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setByte(String parameterName, byte x) throws SQLException {
        try {
            callable.setByte(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setShort(String parameterName, short x) throws SQLException {
        try {
            callable.setShort(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setInt(String parameterName, int x) throws SQLException {
        try {
            callable.setInt(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setLong(String parameterName, long x) throws SQLException {
        try {
            callable.setLong(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setFloat(String parameterName, float x) throws SQLException {
        try {
            callable.setFloat(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDouble(String parameterName, double x) throws SQLException {
        try {
            callable.setDouble(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBigDecimal(String parameterName, BigDecimal x) throws SQLException {
        try {
            callable.setBigDecimal(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setString(String parameterName, String x) throws SQLException {
        try {
            callable.setString(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBytes(String parameterName, byte[] x) throws SQLException {
        try {
            callable.setBytes(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x) throws SQLException {
        try {
            callable.setDate(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x) throws SQLException {
        try {
            callable.setTime(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x) throws SQLException {
        try {
            callable.setTimestamp(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        try {
            callable.setAsciiStream(parameterName, x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, int length) throws SQLException {
        try {
            callable.setBinaryStream(parameterName, x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType, int scale) throws SQLException {
        try {
            callable.setObject(parameterName, Values.nativeOf(x), targetSqlType, scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, int targetSqlType) throws SQLException {
        try {
            callable.setObject(parameterName, Values.nativeOf(x), targetSqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x) throws SQLException {
        try {
            callable.setObject(parameterName, Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, int length) throws SQLException {
        try {
            callable.setCharacterStream(parameterName, reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setDate(String parameterName, java.sql.Date x, Calendar cal) throws SQLException {
        try {
            callable.setDate(parameterName, x, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTime(String parameterName, java.sql.Time x, Calendar cal) throws SQLException {
        try {
            callable.setTime(parameterName, x, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setTimestamp(String parameterName, java.sql.Timestamp x, Calendar cal) throws SQLException {
        try {
            callable.setTimestamp(parameterName, x, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNull(String parameterName, int sqlType, String typeName) throws SQLException {
        try {
            callable.setNull(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString(String parameterName) throws SQLException {
        try {
            return callable.getString(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public boolean getBoolean(String parameterName) throws SQLException {
        try {
            return callable.getBoolean(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte getByte(String parameterName) throws SQLException {
        try {
            return callable.getByte(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public short getShort(String parameterName) throws SQLException {
        try {
            return callable.getShort(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int getInt(String parameterName) throws SQLException {
        try {
            return callable.getInt(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long getLong(String parameterName) throws SQLException {
        try {
            return callable.getLong(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public float getFloat(String parameterName) throws SQLException {
        try {
            return callable.getFloat(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public double getDouble(String parameterName) throws SQLException {
        try {
            return callable.getDouble(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public byte[] getBytes(String parameterName) throws SQLException {
        try {
            return callable.getBytes(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String parameterName) throws SQLException {
        try {
            return callable.getDate(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String parameterName) throws SQLException {
        try {
            return callable.getTime(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName) throws SQLException {
        try {
            return callable.getTimestamp(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String parameterName) throws SQLException {
        try {
            return Values.wrap(connection, callable.getObject(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public BigDecimal getBigDecimal(String parameterName) throws SQLException {
        try {
            return callable.getBigDecimal(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Object getObject(String parameterName, Map<String, Class<?>> map) throws SQLException {
        try {
            return Values.wrap(connection, callable.getObject(parameterName, map));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Ref getRef(String parameterName) throws SQLException {
        try {
            return Values.ref(connection, callable.getRef(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Blob getBlob(String parameterName) throws SQLException {
        try {
            return Values.blob(connection, callable.getBlob(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Clob getClob(String parameterName) throws SQLException {
        try {
            return Values.clob(connection, callable.getClob(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Array getArray(String parameterName) throws SQLException {
        try {
            return Values.array(connection, callable.getArray(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Date getDate(String parameterName, Calendar cal) throws SQLException {
        try {
            return callable.getDate(parameterName, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Time getTime(String parameterName, Calendar cal) throws SQLException {
        try {
            return callable.getTime(parameterName, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.sql.Timestamp getTimestamp(String parameterName, Calendar cal) throws SQLException {
        try {
            return callable.getTimestamp(parameterName, cal);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.net.URL getURL(String parameterName) throws SQLException {
        try {
            return callable.getURL(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(int parameterIndex) throws SQLException {
        try {
            return callable.getRowId(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public RowId getRowId(String parameterName) throws SQLException {
        try {
            return callable.getRowId(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setRowId(String parameterName, RowId x) throws SQLException {
        try {
            callable.setRowId(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNString(String parameterName, String value) throws SQLException {
        try {
            callable.setNString(parameterName, value);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value, long length) throws SQLException {
        try {
            callable.setNCharacterStream(parameterName, value, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(String parameterName, NClob value) throws SQLException {
        try {
            callable.setNClob(parameterName, Values.nativeOf(value));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            callable.setClob(parameterName, reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream, long length) throws SQLException {
        try {
            callable.setBlob(parameterName, inputStream, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader, long length) throws SQLException {
        try {
            callable.setNClob(parameterName, reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(int parameterIndex) throws SQLException {
        try {
            return Values.nclob(connection, callable.getNClob(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public NClob getNClob(String parameterName) throws SQLException {
        try {
            return Values.nclob(connection, callable.getNClob(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setSQLXML(String parameterName, SQLXML xmlObject) throws SQLException {
        try {
            callable.setSQLXML(parameterName, Values.nativeOf(xmlObject));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(int parameterIndex) throws SQLException {
        try {
            return Values.sqlxml(connection, callable.getSQLXML(parameterIndex));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public SQLXML getSQLXML(String parameterName) throws SQLException {
        try {
            return Values.sqlxml(connection, callable.getSQLXML(parameterName));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(int parameterIndex) throws SQLException {
        try {
            return callable.getNString(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getNString(String parameterName) throws SQLException {
        try {
            return callable.getNString(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(int parameterIndex) throws SQLException {
        try {
            return callable.getNCharacterStream(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getNCharacterStream(String parameterName) throws SQLException {
        try {
            return callable.getNCharacterStream(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(int parameterIndex) throws SQLException {
        try {
            return callable.getCharacterStream(parameterIndex);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public java.io.Reader getCharacterStream(String parameterName) throws SQLException {
        try {
            return callable.getCharacterStream(parameterName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(String parameterName, Blob x) throws SQLException {
        try {
            callable.setBlob(parameterName, Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(String parameterName, Clob x) throws SQLException {
        try {
            callable.setClob(parameterName, Values.nativeOf(x));
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        try {
            callable.setAsciiStream(parameterName, x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x, long length) throws SQLException {
        try {
            callable.setBinaryStream(parameterName, x, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader, long length) throws SQLException {
        try {
            callable.setCharacterStream(parameterName, reader, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setAsciiStream(String parameterName, java.io.InputStream x) throws SQLException {
        try {
            callable.setAsciiStream(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBinaryStream(String parameterName, java.io.InputStream x) throws SQLException {
        try {
            callable.setBinaryStream(parameterName, x);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setCharacterStream(String parameterName, java.io.Reader reader) throws SQLException {
        try {
            callable.setCharacterStream(parameterName, reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNCharacterStream(String parameterName, Reader value) throws SQLException {
        try {
            callable.setNCharacterStream(parameterName, value);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setClob(String parameterName, Reader reader) throws SQLException {
        try {
            callable.setClob(parameterName, reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setBlob(String parameterName, InputStream inputStream) throws SQLException {
        try {
            callable.setBlob(parameterName, inputStream);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setNClob(String parameterName, Reader reader) throws SQLException {
        try {
            callable.setNClob(parameterName, reader);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(int parameterIndex, Class<T> type) throws SQLException {
        try {
            return Values.wrap(connection, callable.getObject(parameterIndex, type), type);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T> T getObject(String parameterName, Class<T> type) throws SQLException {
        try {
            return Values.wrap(connection, callable.getObject(parameterName, type), type);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType, int scaleOrLength)
            throws SQLException {
        try {
            callable.setObject(parameterName, Values.nativeOf(x), targetSqlType, scaleOrLength);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setObject(String parameterName, Object x, SQLType targetSqlType) throws SQLException {
        try {
            callable.setObject(parameterName, Values.nativeOf(x), targetSqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType) throws SQLException {
        try {
            callable.registerOutParameter(parameterIndex, sqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, int scale) throws SQLException {
        try {
            callable.registerOutParameter(parameterIndex, sqlType, scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(int parameterIndex, SQLType sqlType, String typeName) throws SQLException {
        try {
            callable.registerOutParameter(parameterIndex, sqlType, typeName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType) throws SQLException {
        try {
            callable.registerOutParameter(parameterName, sqlType);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, int scale) throws SQLException {
        try {
            callable.registerOutParameter(parameterName, sqlType, scale);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void registerOutParameter(String parameterName, SQLType sqlType, String typeName) throws SQLException {
        try {
            callable.registerOutParameter(parameterName, sqlType, typeName);
        } catch (SQLException e) {
            throw fail(e);
        }
    }
}
