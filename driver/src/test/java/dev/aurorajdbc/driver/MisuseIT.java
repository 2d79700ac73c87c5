package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * JDBC misuse on a real cluster, with the native driver underneath: nulls wherever a {@code java.sql} method takes an
 * object, {@code abort} from another thread while a query runs, and {@code close} from another thread while the
 * connection fails over. Each ends in the documented behaviour (README, "JDBC misuse"), never in a
 * {@code RuntimeException}, a hang or a native connection left open. Subclasses: one per engine.
 */
@Tag("integration")
abstract class MisuseIT {
    /**
     * Methods for which JDBC itself documents a {@code NullPointerException} on a null argument (the JDK's default
     * methods), and those whose null handling is tested on their own ({@code NullArgumentTest}).
     */
    private static final Set<String> NOT_SWEPT = Set.of("enquoteLiteral", "enquoteIdentifier", "isSimpleIdentifier",
            "enquoteNCharLiteral", "unwrap", "isWrapperFor", "abort");

    private final TestCluster cluster;

    MisuseIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    private Connection connect(String parameters) throws SQLException {
        return DriverManager.getConnection(cluster.auroraUrl() + parameters, cluster.user(), cluster.password());
    }

    /**
     * Every method of Connection, Statement, PreparedStatement, ResultSet and DatabaseMetaData that takes an object,
     * called with null for each object (and 1 or false for the rest): it answers or throws an SQLException, whatever
     * the native driver does with the null.
     */
    @Test
    void everyMethodGivenNullsAnswersOrThrowsAnSQLException() throws Exception {
        List<String> escaped = new ArrayList<>();
        int calls = 0;
        for (Method m : sweptMethods(Connection.class)) {
            try (Connection c = connect("")) { // a fresh one each: a null may leave it in any state
                calls++;
                call(c, m, escaped);
            }
        }
        Connection c = connect("");
        try {
            for (Method m : sweptMethods(Statement.class)) {
                c = usable(c);
                try (Statement s = c.createStatement()) {
                    calls++;
                    call(s, m, escaped);
                }
            }
            for (Method m : sweptMethods(PreparedStatement.class)) {
                c = usable(c);
                try (PreparedStatement ps = c.prepareStatement("SELECT ? AS a")) {
                    calls++;
                    call(ps, m, escaped);
                }
            }
            for (Method m : sweptMethods(ResultSet.class)) {
                c = usable(c);
                // A date: pgjdbc's getDate on an integer column fails with an ArrayIndexOutOfBoundsException of its
                // own, a native defect that has nothing to do with nulls.
                try (Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT CAST('2026-12-07' AS DATE) AS a")) {
                    rs.next();
                    calls++;
                    call(rs, m, escaped);
                }
            }
            for (Method m : sweptMethods(DatabaseMetaData.class)) {
                c = usable(c);
                calls++;
                call(c.getMetaData(), m, escaped);
            }
        } finally {
            c.close();
        }
        assertThat(calls).as("methods swept").isGreaterThan(200);
        assertThat(escaped).as("calls of %d that threw something other than an SQLException", calls).isEmpty();
    }

    /**
     * {@code abort(executor)} from another thread while the connection runs a 15 s query: the query ends at once with
     * {@code 08003} (the connection was closed, not a failover to redo), the connection is closed, and the server
     * session ends (MySQL and MariaDB at once; PostgreSQL when the statement is over, as with pgjdbc alone: the server
     * notices the closed socket only then).
     */
    @Test
    void abortFromAnotherThreadEndsARunningQueryWith08003() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Connection c = connect("&failoverTimeoutMs=30000");
            String sleep = cluster.engine() == Engine.POSTGRESQL ? "SELECT pg_sleep(15)" : "SELECT SLEEP(15)";
            int before = ServerSessions.ofTheApplicationUser(cluster);
            Future<SQLException> query = pool.submit(() -> {
                try (Statement s = c.createStatement()) {
                    s.executeQuery(sleep).close();
                    return null;
                } catch (SQLException e) {
                    return e;
                }
            });
            Await.until(() -> ServerSessions.running(cluster, sleep) == 1, 20, "the query to run on the server");
            long t0 = System.nanoTime();
            c.abort(pool);
            SQLException e = query.get(20, TimeUnit.SECONDS);
            long ended = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(e == null ? "no exception" : e.getSQLState()).as("the aborted query's outcome: %s", e)
                    .isEqualTo(SqlStates.CONNECTION_DOES_NOT_EXIST);
            assertThat(ended).as("ms from abort to the query's end").isLessThan(10_000);
            assertThat(c.isClosed()).isTrue();
            Await.until(() -> ServerSessions.running(cluster, sleep) == 0, 30, "the aborted query's server session to end");
            Await.until(() -> ServerSessions.ofTheApplicationUser(cluster) <= before - 1, 30, "the aborted connection's session to end");
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * {@code close()} from another thread while the connection fails over from a killed writer with no new writer to
     * find (automatic failover is off): the failing-over statement ends soon with {@code 08003}, not after the 60 s
     * failover timeout, and when a writer is back, the closed connection holds no server session on it.
     */
    @Test
    void closeFromAnotherThreadEndsAFailoverWith08003() throws Exception {
        Node writer = cluster.writer();
        Connection c = connect("&failoverTimeoutMs=60000");
        Thread[] worker = new Thread[1];
        CompletableFuture<SQLException> outcome = new CompletableFuture<>();
        worker[0] = new Thread(() -> {
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
                cluster.kill(writer);
                s.executeQuery("SELECT 1").close();
                outcome.complete(null);
            } catch (SQLException e) {
                outcome.complete(e);
            } catch (RuntimeException e) {
                outcome.completeExceptionally(e);
            }
        }, "misuse-failing-over");
        try {
            worker[0].start();
            Await.until(() -> failingOver(worker[0]), 30, "the statement to be failing over");
            long t0 = System.nanoTime();
            c.close();
            SQLException e = outcome.get(20, TimeUnit.SECONDS);
            long ended = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(e == null ? "no exception" : e.getSQLState()).as("the failing-over statement's outcome: %s", e)
                    .isEqualTo(SqlStates.CONNECTION_DOES_NOT_EXIST);
            assertThat(ended).as("ms from close to the statement's end").isLessThan(20_000);
        } finally {
            worker[0].join(TimeUnit.SECONDS.toMillis(70));
            if (cluster.writer() == null || cluster.writer().equals(writer)) {
                cluster.failover();
            }
            cluster.start(writer);
        }
        cluster.awaitWriter(Duration.ofSeconds(30));
        Await.until(() -> ServerSessions.ofTheApplicationUser(cluster) == 0, 30, "no session of the application user on the new writer");
    }

    private static boolean failingOver(Thread t) {
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getMethodName().equals("openWriter")) {
                return true;
            }
        }
        return false;
    }

    private Connection usable(Connection c) throws SQLException {
        if (c.isValid(5)) {
            return c;
        }
        c.close();
        return connect("");
    }

    private static List<Method> sweptMethods(Class<?> type) {
        List<Method> methods = new ArrayList<>();
        for (Method m : type.getMethods()) {
            if (Modifier.isStatic(m.getModifiers()) || NOT_SWEPT.contains(m.getName())
                    || Arrays.stream(m.getParameterTypes()).allMatch(Class::isPrimitive)) {
                continue;
            }
            methods.add(m);
        }
        methods.sort((a, b) -> a.toString().compareTo(b.toString()));
        return methods;
    }

    private static void call(Object target, Method m, List<String> escaped) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = defaultFor(types[i]);
        }
        try {
            m.invoke(target, args);
        } catch (InvocationTargetException e) {
            Throwable t = e.getCause();
            if (!(t instanceof SQLException)) {
                escaped.add(m.getDeclaringClass().getSimpleName() + "." + m.getName()
                        + Arrays.toString(Arrays.stream(types).map(Class::getSimpleName).toArray()) + " -> " + t);
            }
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    private static Object defaultFor(Class<?> type) {
        if (!type.isPrimitive()) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == long.class) {
            return 1L;
        }
        if (type == double.class) {
            return 1d;
        }
        if (type == float.class) {
            return 1f;
        }
        if (type == short.class) {
            return (short) 1;
        }
        if (type == byte.class) {
            return (byte) 1;
        }
        return 1; // int: parameter and column indexes start at 1
    }
}
