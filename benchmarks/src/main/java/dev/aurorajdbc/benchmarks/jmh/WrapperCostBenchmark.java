package dev.aurorajdbc.benchmarks.jmh;

import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.GeneratedAuroraConnection;
import dev.aurorajdbc.driver.jdbc.ConnectionOwner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The wrapper's own cost per call, without a network: the same JDBC calls as {@link PerCallBenchmark#selectOne} and
 * {@link PerCallBenchmark#preparedReuse}, made on an in-memory native connection ({@code native-stub}: a dynamic proxy
 * answering at once: one row, the value 1) and on {@code jdbc:aurora:}'s logical connection over that same stub
 * ({@code aurora}: the production {@link AuroraConnection}, its statement and result set wrappers, session-state
 * tracking and exception funnel; the owner is inert because nothing fails).
 *
 * <p>On a real server the round trip hides this cost inside the noise of the network and the server (see
 * {@link PerCallBenchmark}); here the difference between the two clients is the wrapper's cost alone, measured to a
 * few nanoseconds. Divided by the raw driver's {@code SELECT 1} time over loopback it is the overhead in percent.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 8, time = 1)
public class WrapperCostBenchmark {

    /** One connection per thread: the stub itself or jdbc:aurora:'s wrapper around it. */
    @State(Scope.Thread)
    public static class StubConnection {
        /** {@code native-stub} or {@code aurora}. */
        @Param({"native-stub", "aurora"})
        public String client;

        Connection connection;
        PreparedStatement reused;

        @Setup(Level.Trial)
        public void open() throws SQLException {
            Connection stub = (Connection) stub(Connection.class);
            connection = client.equals("aurora") ? new GeneratedAuroraConnection(INERT, stub, "stub") : stub;
            reused = connection.prepareStatement("SELECT v FROM t WHERE id = ?");
        }

        @TearDown(Level.Trial)
        public void close() throws SQLException {
            reused.close();
            connection.close();
        }
    }

    /** {@code SELECT 1} through a new {@code Statement}, as {@link PerCallBenchmark#selectOne}. */
    @Benchmark
    public int selectOne(StubConnection s) throws SQLException {
        try (Statement st = s.connection.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A point select on a kept {@code PreparedStatement}, as {@link PerCallBenchmark#preparedReuse}. */
    @Benchmark
    public String preparedReuse(StubConnection s) throws SQLException {
        PreparedStatement ps = s.reused;
        ps.setLong(1, 42L);
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** An owner for a connection that never fails: errors pass through unchanged, close needs nothing. */
    private static final ConnectionOwner INERT = new ConnectionOwner() {
        @Override
        public SQLException onFailure(AuroraConnection connection, SQLException e) {
            return e;
        }

        @Override
        public void closed(AuroraConnection connection) {
        }
    };

    /**
     * The stubs' answers, shared (they hold no state): new statements and result sets, one row, the value 1 / "1",
     * auto-commit on, read committed; identity for equals and hashCode.
     */
    private static final InvocationHandler ANSWERS = new InvocationHandler() {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "stub";
                case "next":
                case "getAutoCommit":
                case "isValid":
                    return Boolean.TRUE;
                case "getTransactionIsolation":
                    return Connection.TRANSACTION_READ_COMMITTED;
                default:
                    break;
            }
            Class<?> type = method.getReturnType();
            if (type == Statement.class || type == PreparedStatement.class || type == ResultSet.class
                    || type == Connection.class) {
                return stub(type);
            }
            if (type == boolean.class) {
                return Boolean.FALSE;
            }
            if (type == int.class) {
                return 1;
            }
            if (type == long.class) {
                return 1L;
            }
            if (type == String.class) {
                return "1";
            }
            return null;
        }
    };

    private static Object stub(Class<?> type) {
        return Proxy.newProxyInstance(WrapperCostBenchmark.class.getClassLoader(), new Class<?>[] {type}, ANSWERS);
    }
}
