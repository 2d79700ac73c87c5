package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.aurorajdbc.driver.hikari.AuroraSQLExceptionOverride;
import org.apache.ibatis.exceptions.ExceptionFactory;
import org.apache.ibatis.exceptions.PersistenceException;
import org.jooq.SQLDialect;
import org.jooq.exception.DataAccessException;
import org.jooq.exception.SQLStateClass;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.Test;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.jdbc.support.SQLErrorCodeSQLExceptionTranslator;

import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.List;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * What common clients do with the three failover outcomes, each client's own code deciding (no server: the outcome is
 * what {@link FailoverOutcome} makes, thrown by a stub connection). The README's table, "What clients do with the
 * outcomes", states these results.
 */
class ClientOutcomeTest {
    private static final SQLException NATIVE = new SQLException("An I/O error occurred while sending to the backend.", "08006");

    private static SQLException statementToRedo() {
        return FailoverOutcome.statementToRedo("failed over from a to b: redo the statement", NATIVE);
    }

    private static SQLException transactionToRedo() {
        return FailoverOutcome.transactionToRedo("failed over from a to b: redo the transaction", NATIVE);
    }

    private static SQLException noWriter() {
        return FailoverOutcome.noWriter("failing over did not succeed within 60000 ms", NATIVE);
    }

    // ---------------------------------------------------------------------------------------------- Spring JDBC

    /**
     * Spring's default translator (error codes by product, then the SQLException subclass): both "redo" outcomes are
     * transient, and a lost transaction is a concurrency failure, which retry policies redo as a whole. The AWS wrapper's
     * outcomes (plain SQLExceptions with the same SQLStates) become non-transient resource failures instead.
     */
    @Test
    void springTranslatesTheRedoOutcomesToTransientExceptions() {
        for (String product : List.of("PostgreSQL", "MySQL")) {
            SQLErrorCodeSQLExceptionTranslator spring = new SQLErrorCodeSQLExceptionTranslator(product);
            assertThat(spring.translate("insert", "INSERT INTO t VALUES (1)", statementToRedo())).as(product)
                    .isInstanceOf(TransientDataAccessResourceException.class);
            assertThat(spring.translate("commit", null, transactionToRedo())).as(product)
                    .isInstanceOf(PessimisticLockingFailureException.class)
                    .isInstanceOf(ConcurrencyFailureException.class)
                    .isInstanceOf(TransientDataAccessException.class);
            assertThat(spring.translate("insert", null, noWriter())).as(product)
                    .isInstanceOf(TransientDataAccessResourceException.class);
            assertThat(spring.translate("insert", null, new SQLException("failed over", "08S02"))).as(product + ", a plain SQLException")
                    .isInstanceOf(DataAccessResourceFailureException.class)
                    .isNotInstanceOf(TransientDataAccessException.class);
        }
    }

    // ---------------------------------------------------------------------------------------------- HikariCP

    /**
     * HikariCP with the driver's exception override keeps a connection that failed over (the next borrower gets the
     * same one) and evicts one whose failover did not succeed; without the override it evicts all three.
     */
    @Test
    void hikariKeepsAFailedOverConnectionOnlyWithTheOverride() throws Exception {
        assertThat(keptAfter(statementToRedo(), true)).isTrue();
        assertThat(keptAfter(transactionToRedo(), true)).isTrue();
        assertThat(keptAfter(noWriter(), true)).isFalse();
        assertThat(keptAfter(statementToRedo(), false)).isFalse();
        assertThat(keptAfter(transactionToRedo(), false)).isFalse();
    }

    /** Whether a pool of one hands out the same connection again after a statement on it threw {@code outcome}. */
    private static boolean keptAfter(SQLException outcome, boolean override) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setDataSource(new StubDataSource(outcome));
        config.setMaximumPoolSize(1);
        config.setMinimumIdle(0);
        config.setConnectionTimeout(5_000);
        config.setPoolName("client-outcome");
        if (override) {
            config.setExceptionOverrideClassName(AuroraSQLExceptionOverride.class.getName());
        }
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Connection first;
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                first = c.unwrap(Connection.class);
                assertThat(catchThrowable(() -> s.execute("INSERT INTO t VALUES (1)"))).isSameAs(outcome);
            }
            try (Connection c = pool.getConnection()) {
                return c.unwrap(Connection.class) == first;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- jOOQ, MyBatis

    /** jOOQ wraps every outcome in its DataAccessException, classed by the SQLState (a connection exception). */
    @Test
    void jooqReportsAConnectionExceptionWithTheOutcomeAsItsCause() {
        for (SQLException outcome : List.of(statementToRedo(), transactionToRedo(), noWriter())) {
            Connection c = stubConnection(outcome);
            Throwable t = catchThrowable(() -> DSL.using(c, SQLDialect.POSTGRES).execute("INSERT INTO t VALUES (1)"));
            assertThat(t).isInstanceOf(DataAccessException.class).hasCause(outcome);
            assertThat(((DataAccessException) t).sqlStateClass()).isEqualTo(SQLStateClass.C08_CONNECTION_EXCEPTION);
            assertThat(((DataAccessException) t).sqlState()).isEqualTo(outcome.getSQLState());
        }
    }

    /** MyBatis (without Spring) wraps every outcome in its PersistenceException, the outcome as its cause. */
    @Test
    void mybatisWrapsTheOutcomeAsItIs() {
        for (SQLException outcome : List.of(statementToRedo(), transactionToRedo(), noWriter())) {
            RuntimeException e = ExceptionFactory.wrapException("Error updating database", outcome);
            assertThat(e).isInstanceOf(PersistenceException.class).hasCause(outcome);
        }
    }

    // ---------------------------------------------------------------------------------------------- stubs

    /** A connection whose every statement throws {@code failure}; anything else answers a default. */
    private static Connection stubConnection(SQLException failure) {
        Object statement = Proxy.newProxyInstance(ClientOutcomeTest.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    String name = method.getName();
                    if (name.startsWith("execute")) {
                        throw failure;
                    }
                    return defaultFor(method.getReturnType());
                });
        Connection[] self = new Connection[1];
        self[0] = (Connection) Proxy.newProxyInstance(ClientOutcomeTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "createStatement", "prepareStatement" -> statement;
                    case "isValid" -> true;
                    case "isClosed" -> false;
                    case "getAutoCommit" -> true;
                    case "getTransactionIsolation" -> Connection.TRANSACTION_READ_COMMITTED;
                    case "unwrap" -> self[0];
                    case "isWrapperFor" -> true;
                    case "equals" -> proxy == args[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "toString" -> "stub connection";
                    default -> defaultFor(method.getReturnType());
                });
        return self[0];
    }

    private static Object defaultFor(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class) {
            return type == long.class ? 0L : type == short.class ? (short) 0 : type == byte.class ? (byte) 0 : 0;
        }
        return null;
    }

    /** Opens stub connections for HikariCP. */
    private record StubDataSource(SQLException failure) implements DataSource {
        @Override
        public Connection getConnection() {
            return stubConnection(failure);
        }

        @Override
        public Connection getConnection(String username, String password) {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) {
            return null;
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
