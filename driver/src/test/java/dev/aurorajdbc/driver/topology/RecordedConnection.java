package dev.aurorajdbc.driver.topology;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection that answers the statements it was given answers for — recorded rows or a recorded error — by exact
 * SQL text, and fails with SQLState {@code 42601} on any other statement. It notes what was executed and checks that
 * every statement and result set was closed.
 */
final class RecordedConnection {
    private final Map<String, Object> answers = new LinkedHashMap<>();
    private final List<String> executed = new ArrayList<>();
    private final List<RecordedStatement> statements = new ArrayList<>();
    private final List<RecordedResultSet.Cursor> cursors = new ArrayList<>();
    private final Connection connection = Doubles.of(Connection.class, this);
    private boolean closed;

    /** Answers {@code sql} with the rows of {@code rows}. */
    RecordedConnection answer(String sql, RecordedResultSet rows) {
        answers.put(sql, rows);
        return this;
    }

    /** Answers {@code sql} by throwing {@code error}. */
    RecordedConnection fail(String sql, SQLException error) {
        answers.put(sql, error);
        return this;
    }

    Connection connection() {
        return connection;
    }

    /** The statements executed, in order. */
    List<String> executed() {
        return executed;
    }

    /** Whether every statement and result set handed out was closed. */
    boolean allClosed() {
        return statements.stream().allMatch(s -> s.closed)
                && cursors.stream().allMatch(RecordedResultSet.Cursor::closed);
    }

    public Statement createStatement() throws SQLException {
        if (closed) {
            throw new SQLException("This connection has been closed.", "08003");
        }
        RecordedStatement s = new RecordedStatement();
        statements.add(s);
        return s.statement;
    }

    public boolean isClosed() {
        return closed;
    }

    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "recorded connection answering " + answers.keySet();
    }

    /** The part of {@link Statement} the double implements. */
    final class RecordedStatement {
        private final Statement statement = Doubles.of(Statement.class, this);
        private boolean closed;

        public ResultSet executeQuery(String sql) throws SQLException {
            if (closed) {
                throw new SQLException("This statement has been closed.", "55000");
            }
            executed.add(sql);
            Object answer = answers.get(sql);
            if (answer == null) {
                throw new SQLException("no recorded answer for: " + sql, "42601");
            }
            if (answer instanceof SQLException e) {
                throw e;
            }
            RecordedResultSet.Cursor cursor = ((RecordedResultSet) answer).open();
            cursors.add(cursor);
            return cursor.resultSet();
        }

        public void close() {
            closed = true;
        }

        public boolean isClosed() {
            return closed;
        }

        public Connection getConnection() {
            return connection;
        }
    }
}
