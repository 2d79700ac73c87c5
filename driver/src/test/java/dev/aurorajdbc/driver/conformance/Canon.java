package dev.aurorajdbc.driver.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.BatchUpdateException;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Canonical, comparable forms of what JDBC returns: rows as strings, values with their Java type, expected
 * failures as their standard exception class, SQLState and vendor code, identities as {@code same}/{@code other}.
 *
 * <p>Exception messages are left out on purpose: they may name server-side object ids that change from run to
 * run, and an application's contract is the SQLState, the vendor code and the {@code java.sql} exception class.
 */
final class Canon {

    /** The result of a step that threw where it was not expected to: never equal to a normal result. */
    record Crash(String description) {
    }

    /** Something that may fail with an SQLException as part of what a step observes. */
    @FunctionalInterface
    interface Attempt {
        /**
         * Does it.
         *
         * @return the canonical value
         * @throws Exception the failure; an SQLException is an observed outcome, anything else a crash
         */
        Object run() throws Exception;
    }

    private Canon() {
    }

    /**
     * Runs {@code attempt} and returns its value, or, when it throws an SQLException, that exception's canonical
     * form ({@link #failure}). Other exceptions propagate (the step crashes).
     */
    static Object outcome(Attempt attempt) throws Exception {
        try {
            return attempt.run();
        } catch (SQLException e) {
            return failure(e);
        }
    }

    /**
     * Like {@link #outcome}, but a failure is only its SQLState: for calls whose exception class the native drivers
     * themselves do not agree on (see the step {@code close.use-after-close}).
     */
    static Object outcomeState(Attempt attempt) throws Exception {
        try {
            return attempt.run();
        } catch (SQLException e) {
            return "failed state=" + e.getSQLState();
        }
    }

    /** Like {@link #outcome}, but a failure is only {@code failed}: for calls where JDBC promises no more. */
    static Object outcomeAnyFailure(Attempt attempt) throws Exception {
        try {
            return attempt.run();
        } catch (SQLException e) {
            return "failed";
        }
    }

    /**
     * {@code failed <java.sql class> state=<SQLState> code=<vendor code>}, with the update counts of a
     * BatchUpdateException.
     */
    static String failure(SQLException e) {
        StringBuilder s = new StringBuilder("failed ").append(standardClass(e).getSimpleName())
                .append(" state=").append(e.getSQLState())
                .append(" code=").append(e.getErrorCode());
        if (e instanceof BatchUpdateException b) {
            s.append(" counts=").append(counts(b.getUpdateCounts()));
        }
        return s.toString();
    }

    /** The most specific class of {@code e} in package {@code java.sql} (the portable part of its type). */
    static Class<?> standardClass(SQLException e) {
        Class<?> c = e.getClass();
        while (!c.getPackageName().equals("java.sql")) {
            c = c.getSuperclass();
        }
        return c;
    }

    /** What a step that threw unexpectedly observed: its exception, for the report. */
    static Crash crash(Throwable t) {
        String state = t instanceof SQLException e ? " [SQLState " + e.getSQLState() + "]" : "";
        return new Crash("CRASH " + t + state);
    }

    /** Update counts as a list. */
    static List<Integer> counts(int[] counts) {
        List<Integer> list = new ArrayList<>(counts.length);
        for (int c : counts) {
            list.add(c);
        }
        return list;
    }

    /** Large update counts as a list. */
    static List<Long> counts(long[] counts) {
        List<Long> list = new ArrayList<>(counts.length);
        for (long c : counts) {
            list.add(c);
        }
        return list;
    }

    /** Every remaining row of {@code rs}, each as {@code label=value, ...}; closes {@code rs}. */
    static List<String> rows(ResultSet rs) throws SQLException {
        try (rs) {
            ResultSetMetaData md = rs.getMetaData();
            int n = md.getColumnCount();
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i == 1 ? "" : ", ").append(md.getColumnLabel(i)).append('=')
                            .append(value(rs.getObject(i)));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /**
     * The named columns of every remaining row of {@code rs}, each as {@code value|value|...}; closes {@code rs}.
     * For metadata result sets, whose other columns carry driver details of no interest here.
     */
    static List<String> rows(ResultSet rs, String... columns) throws SQLException {
        try (rs) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 0; i < columns.length; i++) {
                    row.append(i == 0 ? "" : "|").append(value(rs.getObject(columns[i])));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /** The metadata of a result set's columns: label, name, type, type name, nullability, Java class. */
    static List<String> columns(ResultSetMetaData md) throws SQLException {
        List<String> columns = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
            columns.add(md.getColumnLabel(i) + " name=" + md.getColumnName(i) + " type=" + md.getColumnType(i)
                    + " " + md.getColumnTypeName(i) + " nullable=" + md.isNullable(i)
                    + " class=" + md.getColumnClassName(i));
        }
        return columns;
    }

    /**
     * A value with its type: {@code NULL}, {@code bytes:<hex>}, {@code Blob:<hex>}, {@code Clob:<text>}, else
     * {@code <simple class name>:<toString>}.
     */
    static String value(Object o) throws SQLException {
        if (o == null) {
            return "NULL";
        }
        if (o instanceof byte[] b) {
            return "bytes:" + hex(b);
        }
        if (o instanceof Blob b) {
            return "Blob:" + hex(b.getBytes(1, (int) b.length()));
        }
        if (o instanceof Clob c) {
            return "Clob:" + c.getSubString(1, (int) c.length());
        }
        return o.getClass().getSimpleName() + ":" + o;
    }

    /** Lower-case hexadecimal. */
    static String hex(byte[] bytes) {
        return bytes == null ? "NULL" : HexFormat.of().formatHex(bytes);
    }

    /** Everything a stream gives, in hexadecimal. */
    static String hex(InputStream in) throws IOException {
        if (in == null) {
            return "NULL";
        }
        try (in) {
            return hex(in.readAllBytes());
        }
    }

    /** Everything a reader gives. */
    static String text(Reader in) throws IOException {
        if (in == null) {
            return "NULL";
        }
        try (in) {
            StringBuilder s = new StringBuilder();
            char[] buffer = new char[256];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                s.append(buffer, 0, n);
            }
            return s.toString();
        }
    }

    /** {@code same} when {@code actual} is {@code expected} (identity), {@code null}, else {@code other}. */
    static String identity(Object actual, Object expected) {
        return actual == null ? "null" : actual == expected ? "same" : "other";
    }

    /** A warning chain, each as {@code state/code}, with its message when {@code withMessages}. */
    static List<String> warnings(SQLWarning w, boolean withMessages) {
        List<String> list = new ArrayList<>();
        for (; w != null; w = w.getNextWarning()) {
            list.add(w.getSQLState() + "/" + w.getErrorCode() + (withMessages ? " " + w.getMessage() : ""));
        }
        return list;
    }
}
