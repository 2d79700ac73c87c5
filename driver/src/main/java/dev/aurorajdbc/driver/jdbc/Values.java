package dev.aurorajdbc.driver.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Struct;

/**
 * The objects other than statements and result sets that the native driver hands out (metadata, savepoints, LOBs,
 * arrays, XML values, structs, refs) come back wrapped, so that their SQLExceptions too go through the connection's
 * funnel; the values among them are given back to the native driver unwrapped wherever the application passes them
 * in (a native driver rejects another driver's savepoint or LOB).
 *
 * <p>{@code getObject}: a value of one of those types comes back wrapped, except where the application asks for a
 * class the wrapper is not (e.g. pgjdbc's {@code PgArray}): then the native value. Values inside an array or struct,
 * and a {@link java.sql.RowId} (no method of it throws SQLException), are the native driver's. {@code setObject} and
 * {@code updateObject} unwrap a wrapped value; arrays of values ({@code createArrayOf}, {@code createStruct}) are
 * passed as they are.
 *
 * <p>A wrapper is allocated only when the application asks for such an object; null stays null.
 *
 * <p>The generated wrapper methods ({@code @GenerateDelegation(values = Values.class)}) apply these rules by their
 * shapes: {@code X m(AuroraConnection, X)} to every returned {@code X}, {@code <T> T wrap(AuroraConnection, T,
 * Class<T>)} to {@code getObject(..., type)}, {@code X nativeOf(X)} to every argument {@code X}. A new static method
 * of one of those shapes is a new rule for all of them.
 */
final class Values {

    private Values() {
    }

    static ResultSetMetaData resultSetMetaData(AuroraConnection c, ResultSetMetaData md) {
        return md == null ? null : new GeneratedAuroraResultSetMetaData(c, md);
    }

    static ParameterMetaData parameterMetaData(AuroraConnection c, ParameterMetaData md) {
        return md == null ? null : new GeneratedAuroraParameterMetaData(c, md);
    }

    static Savepoint savepoint(AuroraConnection c, Savepoint s) {
        return s == null ? null : new GeneratedAuroraSavepoint(c, s);
    }

    static Blob blob(AuroraConnection c, Blob b) {
        return b == null ? null : new GeneratedAuroraBlob(c, b);
    }

    static Clob clob(AuroraConnection c, Clob b) {
        if (b instanceof NClob) {
            return new GeneratedAuroraNClob(c, (NClob) b);
        }
        return b == null ? null : new GeneratedAuroraClob(c, b);
    }

    static NClob nclob(AuroraConnection c, NClob b) {
        return b == null ? null : new GeneratedAuroraNClob(c, b);
    }

    static Array array(AuroraConnection c, Array a) {
        return a == null ? null : new GeneratedAuroraArray(c, a);
    }

    static SQLXML sqlxml(AuroraConnection c, SQLXML x) {
        return x == null ? null : new GeneratedAuroraSQLXML(c, x);
    }

    static Struct struct(AuroraConnection c, Struct s) {
        return s == null ? null : new GeneratedAuroraStruct(c, s);
    }

    static Ref ref(AuroraConnection c, Ref r) {
        return r == null ? null : new GeneratedAuroraRef(c, r);
    }

    /** A value of {@code getObject}: a result set (a REF CURSOR) or one of the wrapped types comes back wrapped. */
    static Object wrap(AuroraConnection c, Object value) {
        if (value == null || value instanceof String || value instanceof Number) {
            return value; // the common answers, without the checks below
        }
        if (value instanceof ResultSet) {
            return new GeneratedAuroraResultSet(c, null, (ResultSet) value);
        }
        if (value instanceof Array) {
            return new GeneratedAuroraArray(c, (Array) value);
        }
        if (value instanceof Blob) {
            return new GeneratedAuroraBlob(c, (Blob) value);
        }
        if (value instanceof Clob) {
            return clob(c, (Clob) value);
        }
        if (value instanceof SQLXML) {
            return new GeneratedAuroraSQLXML(c, (SQLXML) value);
        }
        if (value instanceof Struct) {
            return new GeneratedAuroraStruct(c, (Struct) value);
        }
        if (value instanceof Ref) {
            return new GeneratedAuroraRef(c, (Ref) value);
        }
        return value;
    }

    /** A value of {@code getObject(..., type)}: wrapped as above when the wrapper is a {@code type}. */
    static <T> T wrap(AuroraConnection c, T value, Class<T> type) {
        Object wrapped = wrap(c, value);
        return wrapped != value && type.isInstance(wrapped) ? type.cast(wrapped) : value;
    }

    /** The native object behind a wrapped value; any other object as it is. */
    static Object nativeOf(Object value) {
        return value instanceof NativeValue ? ((NativeValue) value).nativeObject() : value;
    }

    static Savepoint nativeOf(Savepoint s) {
        return s instanceof AuroraSavepoint ? ((AuroraSavepoint) s).delegate : s;
    }

    static Blob nativeOf(Blob b) {
        return b instanceof AuroraBlob ? ((AuroraBlob) b).delegate : b;
    }

    static Clob nativeOf(Clob b) {
        return b instanceof AuroraClob ? ((AuroraClob) b).delegate : b;
    }

    static NClob nativeOf(NClob b) {
        return b instanceof AuroraNClob ? (NClob) ((AuroraNClob) b).delegate : b;
    }

    static Array nativeOf(Array a) {
        return a instanceof AuroraArray ? ((AuroraArray) a).delegate : a;
    }

    static SQLXML nativeOf(SQLXML x) {
        return x instanceof AuroraSQLXML ? ((AuroraSQLXML) x).delegate : x;
    }

    static Ref nativeOf(Ref r) {
        return r instanceof AuroraRef ? ((AuroraRef) r).delegate : r;
    }
}
