package dev.aurorajdbc.driver.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.sql.Clob;
import java.sql.SQLException;

/**
 * A CLOB of an {@link AuroraConnection}: a thin wrapper around the native CLOB, handed back to the native driver
 * unwrapped wherever the application passes it in.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}. The streams are the native driver's.
 */
class AuroraClob implements Clob, NativeValue {

    final AuroraConnection connection;
    final Clob delegate;

    AuroraClob(AuroraConnection connection, Clob delegate) {
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

    // ---- plain delegation ----

    @Override
    public long length() throws SQLException {
        try {
            return delegate.length();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getSubString(long pos, int length) throws SQLException {
        try {
            return delegate.getSubString(pos, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Reader getCharacterStream() throws SQLException {
        try {
            return delegate.getCharacterStream();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public InputStream getAsciiStream() throws SQLException {
        try {
            return delegate.getAsciiStream();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long position(String searchstr, long start) throws SQLException {
        try {
            return delegate.position(searchstr, start);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long position(Clob searchstr, long start) throws SQLException {
        try {
            return delegate.position(Values.nativeOf(searchstr), start);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int setString(long pos, String str) throws SQLException {
        try {
            return delegate.setString(pos, str);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int setString(long pos, String str, int offset, int len) throws SQLException {
        try {
            return delegate.setString(pos, str, offset, len);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public OutputStream setAsciiStream(long pos) throws SQLException {
        try {
            return delegate.setAsciiStream(pos);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Writer setCharacterStream(long pos) throws SQLException {
        try {
            return delegate.setCharacterStream(pos);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void truncate(long len) throws SQLException {
        try {
            delegate.truncate(len);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void free() throws SQLException {
        try {
            delegate.free();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public Reader getCharacterStream(long pos, long length) throws SQLException {
        try {
            return delegate.getCharacterStream(pos, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    private SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
