package dev.aurorajdbc.driver.jdbc;

import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.sql.SQLException;
import java.sql.SQLXML;
import javax.xml.transform.Result;
import javax.xml.transform.Source;

/**
 * An SQL XML value of an {@link AuroraConnection}: a thin wrapper around the native one, handed back to the native
 * driver unwrapped wherever the application passes it in.
 *
 * <p>Every method is the native call in a try/catch whose SQLException goes through the connection's funnel
 * exactly once, as in {@link AuroraStatement}. The streams, sources and
 * results are the native driver's.
 */
final class AuroraSQLXML implements SQLXML, NativeValue {

    final AuroraConnection connection;
    final SQLXML delegate;

    AuroraSQLXML(AuroraConnection connection, SQLXML delegate) {
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
    public void free() throws SQLException {
        try {
            delegate.free();
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
    public OutputStream setBinaryStream() throws SQLException {
        try {
            return delegate.setBinaryStream();
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
    public Writer setCharacterStream() throws SQLException {
        try {
            return delegate.setCharacterStream();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public String getString() throws SQLException {
        try {
            return delegate.getString();
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public void setString(String value) throws SQLException {
        try {
            delegate.setString(value);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T extends Source> T getSource(Class<T> sourceClass) throws SQLException {
        try {
            return delegate.getSource(sourceClass);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    @Override
    public <T extends Result> T setResult(Class<T> resultClass) throws SQLException {
        try {
            return delegate.setResult(resultClass);
        } catch (SQLException e) {
            throw fail(e);
        }
    }

    // ---- internals ----

    private SQLException fail(SQLException e) {
        return connection.fail(e);
    }
}
