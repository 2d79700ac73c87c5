package dev.aurorajdbc.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Close and abort semantics, SQLState 08003 after them, statement tracking, and replacing the native connection. */
class AuroraConnectionTest {

    /** Work after close by design; unwrap and isWrapperFor have their own test. */
    private static final Set<String> WORK_AFTER_CLOSE = Set.of("close", "abort", "isClosed", "isValid", "unwrap",
            "isWrapperFor");

    private final RecordingOwner owner = new RecordingOwner();
    private final Connection first = NativeStub.create(Connection.class);
    private final AuroraConnection connection = new GeneratedAuroraConnection(owner, first, "node1:5432");

    @Test
    void closeIsIdempotentAndTellsTheOwnerOnce() throws SQLException {
        connection.close();
        connection.close();

        assertThat(NativeStub.of(first).count("close")).isOne();
        assertThat(owner.closed.get()).isOne();
        assertThat(connection.isClosed()).isTrue();
        assertThat(connection.isValid(1)).isFalse();
        assertThat(connection.physical()).isNull();
        assertThat(connection.toString()).contains("node1:5432", "closed");
    }

    @Test
    void aFailingNativeCloseStillClosesTheLogicalConnection() {
        NativeStub.of(first).failWith(new SQLException("reset", "08006"));

        assertThatThrownBy(connection::close).hasMessageContaining("reset");

        assertThat(connection.isClosed()).isTrue();
        assertThat(owner.closed.get()).isOne();
        assertThat(owner.failures).as("nothing to fail over: the connection is closed").isEmpty();
    }

    static Stream<Method> connectionMethods() {
        return Stream.of(Connection.class.getMethods())
                .filter(m -> !Modifier.isStatic(m.getModifiers()) && !WORK_AFTER_CLOSE.contains(m.getName()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectionMethods")
    void afterCloseEveryMethodThrows08003(Method m) throws Exception {
        connection.close();
        NativeStub.of(first).clear();

        Throwable thrown = catchThrowable(() -> invoke(connection, m));

        assertThat(thrown).as(m.toString()).isInstanceOf(SQLException.class);
        assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08003");
        assertThat(thrown).hasMessageContaining("node1:5432").hasMessageContaining("closed");
        if (m.getName().equals("setClientInfo")) {
            assertThat(thrown).isInstanceOf(SQLClientInfoException.class);
        }
        assertThat(NativeStub.of(first).calls()).isEmpty();
        assertThat(owner.failures).isEmpty();
    }

    @Test
    void unwrapAfterCloseStillFindsTheWrapperButNotTheNative() throws SQLException {
        connection.close();

        assertThat(connection.unwrap(AuroraConnection.class)).isSameAs(connection);
        assertThat(connection.isWrapperFor(Connection.class)).isTrue();
        assertThatThrownBy(() -> connection.isWrapperFor(Runnable.class))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
    }

    @Test
    void closeClosesTheOpenStatementsAndForgetsTheClosedOnes() throws SQLException {
        AuroraStatement open = (AuroraStatement) connection.createStatement();
        AuroraStatement closed = (AuroraStatement) connection.prepareStatement("select 1");
        closed.close();
        assertThat(connection.openStatementCount()).isOne();

        connection.close();

        assertThat(NativeStub.of(open.delegate).callNames()).containsExactly("close");
        assertThat(NativeStub.of(closed.delegate).callNames()).containsExactly("close");
        assertThat(connection.openStatementCount()).isZero();
    }

    @Test
    void aStatementClosedByCloseOnCompletionIsForgottenWhenItsResultSetCloses() throws SQLException {
        AuroraStatement s = (AuroraStatement) connection.createStatement();
        s.closeOnCompletion();
        ResultSet rs = s.executeQuery("select 1");
        NativeStub.of(s.delegate).answer("isClosed", true);

        rs.close();

        assertThat(connection.openStatementCount()).isZero();
    }

    @Test
    void abortIsANoOpWhenClosedAndRejectsANullExecutor() throws SQLException {
        assertThatThrownBy(() -> connection.abort(null))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22023"));
        assertThat(connection.isClosed()).isFalse();

        Executor executor = Runnable::run;
        connection.abort(executor);
        connection.abort(executor);
        connection.close();

        assertThat(NativeStub.of(first).callNames()).containsExactly("abort");
        assertThat(owner.closed.get()).isOne();
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void abortLeavesTheStatementsToTheNativeDriver() throws SQLException {
        AuroraStatement s = (AuroraStatement) connection.createStatement();

        connection.abort(Runnable::run);

        assertThat(NativeStub.of(s.delegate).calls()).isEmpty();
        assertThat(connection.openStatementCount()).isZero();
    }

    @Test
    void concurrentClosesCloseTheNativeConnectionOnce() throws Exception {
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> closers = new ArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            boolean abort = i % 2 == 0;
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    if (abort) {
                        connection.abort(Runnable::run);
                    } else {
                        connection.close();
                    }
                } catch (Throwable e) {
                    errors.add(e);
                }
            });
            t.start();
            closers.add(t);
        }
        start.countDown();
        for (Thread t : closers) {
            t.join(TimeUnit.SECONDS.toMillis(10));
        }

        assertThat(errors).isEmpty();
        NativeStub stub = NativeStub.of(first);
        assertThat(stub.count("close") + stub.count("abort")).isOne();
        assertThat(owner.closed.get()).isOne();
    }

    @Test
    void aCloseFromAnotherThreadIsSeenByTheApplicationThread() throws Exception {
        Thread pool = new Thread(() -> {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        pool.start();
        pool.join(TimeUnit.SECONDS.toMillis(10));

        assertThatThrownBy(connection::createStatement)
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));
    }

    @Test
    void aStatementCreatedWhileTheConnectionIsClosedByAnotherThreadIsClosedToo() throws SQLException {
        // the native call runs while the pool closes the logical connection
        NativeStub.of(first).onCall("prepareStatement", () -> {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        AuroraStatement s = (AuroraStatement) connection.prepareStatement("select 1");

        assertThat(NativeStub.of(s.delegate).callNames()).containsExactly("close");
        assertThat(connection.openStatementCount()).isZero();
    }

    @Test
    void replacingClosesTheOldConnectionAndItsStatementsButNotTheNewOnes() throws SQLException {
        AuroraStatement old = (AuroraStatement) connection.createStatement();
        Connection next = NativeStub.create(Connection.class);

        connection.replacePhysical(next, "node2:5432");
        PreparedStatement fresh = connection.prepareStatement("select 1");

        assertThat(connection.physical()).isSameAs(next);
        assertThat(connection.hostDescription()).isEqualTo("node2:5432");
        assertThat(NativeStub.of(first).callNames()).containsExactly("createStatement", "close");
        assertThat(NativeStub.of(old.delegate).callNames()).containsExactly("close");
        assertThat(NativeStub.of(((AuroraStatement) fresh).delegate).calls()).isEmpty();
        assertThat(connection.openStatementCount()).isOne();
        assertThat(NativeStub.of(next).callNames()).containsExactly("prepareStatement");
        assertThat(owner.closed.get()).isZero();
    }

    @Test
    void theMetadataWrapperFollowsTheNativeConnection() throws SQLException {
        Statement before = connection.getMetaData().getConnection().createStatement();
        Connection next = NativeStub.create(Connection.class);
        connection.replacePhysical(next, "node2:5432");

        connection.getMetaData().getTables(null, null, null, null);

        assertThat(NativeStub.of(next).callNames()).containsExactly("getMetaData");
        assertThat(before.getConnection()).isSameAs(connection);
    }

    @Test
    void replacingAClosedConnectionClosesTheNewNativeConnection() throws SQLException {
        connection.close();
        Connection next = NativeStub.create(Connection.class);

        assertThatThrownBy(() -> connection.replacePhysical(next, "node2:5432"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));

        assertThat(NativeStub.of(next).callNames()).containsExactly("close");
        assertThat(connection.physical()).isNull();
    }

    @Test
    void aCloseDuringReplacementWinsAndTheNewNativeConnectionIsClosed() throws SQLException {
        connection.setSchema("app");
        Connection next = NativeStub.create(Connection.class);
        // the pool closes the logical connection while the session state is being re-applied
        NativeStub.of(next).onCall("setSchema", () -> {
            try {
                connection.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });

        assertThatThrownBy(() -> connection.replacePhysical(next, "node2:5432"))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("08003"));

        assertThat(NativeStub.of(next).callNames()).containsExactly("setSchema", "close");
        assertThat(NativeStub.of(first).callNames()).contains("close");
        assertThat(connection.isClosed()).isTrue();
    }

    @Test
    void toStringShowsTheHostButNotTheNativeObject() {
        assertThat(connection.toString()).isEqualTo("AuroraConnection[node1:5432]");
    }

    // ---- reflection helpers ----

    private static Object invoke(Object target, Method m) throws Exception {
        Object[] args = new Object[m.getParameterCount()];
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = argument(types[i]);
        }
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception) {
                throw (Exception) e.getCause();
            }
            throw e;
        }
    }

    private static Object argument(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == String.class) {
            return "x";
        }
        if (type == Executor.class) {
            return (Executor) Runnable::run;
        }
        if (type == Properties.class) {
            return new Properties();
        }
        if (type == Map.class) {
            return new HashMap<>();
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        return null;
    }
}
