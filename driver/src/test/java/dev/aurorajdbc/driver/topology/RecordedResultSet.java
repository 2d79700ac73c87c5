package dev.aurorajdbc.driver.topology;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A result set recorded from a real server: the column labels and, per row, the Java objects the native driver's
 * {@code getObject} returned (pgjdbc gives {@code Boolean}, {@code Float} for real, {@code Long} for bigint;
 * Connector/J gives {@code Integer} for a comparison, {@code Double}, {@code BigInteger} for unsigned bigint), so the
 * parsers meet the types they meet in production. The getters convert the way the native drivers do. Only the
 * methods the topology sources use exist; {@link #open()} gives a fresh cursor each time, so one recording can answer
 * many queries.
 */
final class RecordedResultSet {
    private final List<String> labels;
    private final List<Object[]> rows = new ArrayList<>();

    private RecordedResultSet(List<String> labels) {
        this.labels = labels;
    }

    /** A recording with these column labels and no rows yet. */
    static RecordedResultSet columns(String... labels) {
        return new RecordedResultSet(List.of(labels));
    }

    /** Adds a row; one value per column, {@code null} for SQL NULL. */
    RecordedResultSet row(Object... values) {
        if (values.length != labels.size()) {
            throw new IllegalArgumentException(values.length + " values for " + labels.size() + " columns " + labels);
        }
        rows.add(values.clone());
        return this;
    }

    /** A copy with the value of column {@code label} in row {@code index} replaced. */
    RecordedResultSet with(int index, String label, Object value) {
        RecordedResultSet copy = new RecordedResultSet(labels);
        for (Object[] r : rows) {
            copy.rows.add(r.clone());
        }
        copy.rows.get(index)[labels.indexOf(label)] = value;
        return copy;
    }

    /** A new cursor over the rows, as a {@link ResultSet}. */
    Cursor open() {
        return new Cursor();
    }

    /** The cursor; its public methods are the part of {@link ResultSet} the double implements. */
    final class Cursor {
        private int row = -1;
        private boolean closed;
        private boolean wasNull;
        private final ResultSet resultSet = Doubles.of(ResultSet.class, this);

        ResultSet resultSet() {
            return resultSet;
        }

        boolean closed() {
            return closed;
        }

        public boolean next() throws SQLException {
            open();
            if (row < rows.size()) {
                row++;
            }
            return row < rows.size();
        }

        public void close() {
            closed = true;
        }

        public boolean isClosed() {
            return closed;
        }

        public boolean wasNull() {
            return wasNull;
        }

        public int findColumn(String label) throws SQLException {
            for (int i = 0; i < labels.size(); i++) {
                if (labels.get(i).equalsIgnoreCase(label)) {
                    return i + 1;
                }
            }
            throw new SQLException("The column name " + label + " was not found in this ResultSet.", "42703");
        }

        public ResultSetMetaData getMetaData() throws SQLException {
            open();
            return Doubles.of(ResultSetMetaData.class, new Meta());
        }

        public Object getObject(int column) throws SQLException {
            open();
            if (row < 0 || row >= rows.size()) {
                throw new SQLException("the cursor is not on a row", "24000");
            }
            if (column < 1 || column > labels.size()) {
                throw new SQLException("column index " + column + " out of range", "22023");
            }
            Object v = rows.get(row)[column - 1];
            wasNull = v == null;
            return v;
        }

        public Object getObject(String label) throws SQLException {
            return getObject(findColumn(label));
        }

        public String getString(int column) throws SQLException {
            Object v = getObject(column);
            return v == null ? null : String.valueOf(v);
        }

        public String getString(String label) throws SQLException {
            return getString(findColumn(label));
        }

        public boolean getBoolean(int column) throws SQLException {
            Object v = getObject(column);
            if (v == null) {
                return false;
            }
            if (v instanceof Boolean b) {
                return b;
            }
            if (v instanceof Number n) {
                return n.doubleValue() != 0;
            }
            switch (v.toString().trim().toLowerCase(Locale.ROOT)) {
                case "t": case "true": case "y": case "yes": case "on": case "1":
                    return true;
                case "f": case "false": case "n": case "no": case "off": case "0":
                    return false;
                default:
                    throw new SQLException("Cannot cast to boolean: \"" + v + "\"", "22018");
            }
        }

        public boolean getBoolean(String label) throws SQLException {
            return getBoolean(findColumn(label));
        }

        public long getLong(int column) throws SQLException {
            Object v = getObject(column);
            if (v == null) {
                return 0;
            }
            if (v instanceof Number n) {
                return n.longValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1 : 0;
            }
            try {
                return new BigDecimal(v.toString().trim()).longValue();
            } catch (NumberFormatException e) {
                throw new SQLException("Bad value for type long : " + v, "22003");
            }
        }

        public long getLong(String label) throws SQLException {
            return getLong(findColumn(label));
        }

        public int getInt(int column) throws SQLException {
            long l = getLong(column);
            if (l < Integer.MIN_VALUE || l > Integer.MAX_VALUE) {
                throw new SQLException("Bad value for type int : " + l, "22003");
            }
            return (int) l;
        }

        public int getInt(String label) throws SQLException {
            return getInt(findColumn(label));
        }

        public double getDouble(int column) throws SQLException {
            Object v = getObject(column);
            if (v == null) {
                return 0;
            }
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v instanceof Boolean b) {
                return b ? 1 : 0;
            }
            try {
                return Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new SQLException("Bad value for type double : " + v, "22003");
            }
        }

        public double getDouble(String label) throws SQLException {
            return getDouble(findColumn(label));
        }

        private void open() throws SQLException {
            if (closed) {
                throw new SQLException("This ResultSet is closed.", "55000");
            }
        }

        @Override
        public String toString() {
            return "recorded rows " + labels + " x " + rows.size();
        }

        /** The part of {@link ResultSetMetaData} the double implements. */
        public final class Meta {
            public int getColumnCount() {
                return labels.size();
            }

            public String getColumnLabel(int column) {
                return labels.get(column - 1);
            }

            public String getColumnName(int column) {
                return labels.get(column - 1);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(labels.toString());
        for (Object[] r : rows) {
            s.append('\n').append(Arrays.toString(r));
        }
        return s.toString();
    }
}
