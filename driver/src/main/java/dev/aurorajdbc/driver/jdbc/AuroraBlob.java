package dev.aurorajdbc.driver.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;

/**
 * A BLOB of an {@link AuroraConnection}: a thin wrapper around the native BLOB, handed back to the native driver
 * unwrapped wherever the application passes it in.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}. The streams are the native driver's.
 */
final class AuroraBlob implements Blob, NativeValue {

    final AuroraConnection connection;
    final Blob delegate;

    AuroraBlob(AuroraConnection connection, Blob delegate) {
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
    public byte[] getBytes(long pos, int length) throws SQLException {
        try {
            return delegate.getBytes(pos, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public InputStream getBinaryStream() throws SQLException {
        try {
            return delegate.getBinaryStream();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long position(byte[] pattern, long start) throws SQLException {
        try {
            return delegate.position(pattern, start);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public long position(Blob pattern, long start) throws SQLException {
        try {
            return delegate.position(Values.nativeOf(pattern), start);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int setBytes(long pos, byte[] bytes) throws SQLException {
        try {
            return delegate.setBytes(pos, bytes);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
        try {
            return delegate.setBytes(pos, bytes, offset, len);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public OutputStream setBinaryStream(long pos) throws SQLException {
        try {
            return delegate.setBinaryStream(pos);
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
    public InputStream getBinaryStream(long pos, long length) throws SQLException {
        try {
            return delegate.getBinaryStream(pos, length);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    private SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
