package dev.aurorajdbc.driver.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.routing.HostRole;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The role of a new native connection: taken from PostgreSQL's start-up {@code in_hot_standby} when it names the
 * wanted role, else from the role query. Stubs only (the real servers are in PostgresStartupIT).
 */
class RoleOfTest {

    /**
     * A native connection (pgjdbc's or not) that announced {@code announced} at start-up, records the SQL it is sent
     * and answers the role query as a read-only member when {@code readOnly}.
     */
    private static final class Native {
        final List<String> queries = new ArrayList<>();
        final String announced;
        final boolean readOnly;
        final boolean pgjdbc;

        Native(boolean pgjdbc, String announced, boolean readOnly) {
            this.pgjdbc = pgjdbc;
            this.announced = announced;
            this.readOnly = readOnly;
        }

        Connection connection() {
            Class<?>[] types = pgjdbc ? new Class<?>[] {Connection.class, PGConnection.class}
                    : new Class<?>[] {Connection.class};
            return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), types, (proxy, m, args) -> {
                switch (m.getName()) {
                    case "getParameterStatus":
                        return "in_hot_standby".equals(args[0]) ? announced : null;
                    case "createStatement":
                        return statement();
                    default:
                        throw new SQLFeatureNotSupportedException("Connection." + m.getName() + " is not stubbed");
                }
            });
        }

        private Statement statement() {
            return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Statement.class},
                    (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "executeQuery":
                                queries.add((String) args[0]);
                                return result();
                            case "close":
                                return null;
                            default:
                                throw new SQLFeatureNotSupportedException("Statement." + m.getName());
                        }
                    });
        }

        private ResultSet result() {
            return (ResultSet) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResultSet.class},
                    (proxy, m, args) -> {
                        switch (m.getName()) {
                            case "next":
                                return true;
                            case "getBoolean":
                                return readOnly;
                            case "getLong":
                                return readOnly ? 1L : 0L;
                            case "close":
                                return null;
                            default:
                                throw new SQLFeatureNotSupportedException("ResultSet." + m.getName());
                        }
                    });
        }
    }

    @Test
    void announcedRoleThatIsWantedSendsNoQuery() throws Exception {
        Native writer = new Native(true, "off", false);
        assertEquals(HostRole.WRITER, Dialect.of(Engine.POSTGRESQL).roleOf(writer.connection(), HostRole.WRITER));
        assertEquals(List.of(), writer.queries);

        Native replica = new Native(true, "on", true);
        assertEquals(HostRole.READER, Dialect.of(Engine.POSTGRESQL).roleOf(replica.connection(), HostRole.READER));
        assertEquals(List.of(), replica.queries);
    }

    @Test
    void announcedRoleThatIsNotWantedIsCheckedByTheQuery() throws Exception {
        // A replica that says so: the query confirms it (one round trip, as before).
        Native replica = new Native(true, "on", true);
        assertEquals(HostRole.READER, Dialect.of(Engine.POSTGRESQL).roleOf(replica.connection(), HostRole.WRITER));
        assertEquals(List.of("SELECT pg_is_in_recovery()"), replica.queries);

        // A stale "on" (a pooler replaying the value from before a promotion): the query has the last word.
        Native promoted = new Native(true, "on", false);
        assertEquals(HostRole.WRITER, Dialect.of(Engine.POSTGRESQL).roleOf(promoted.connection(), HostRole.WRITER));
        assertEquals(1, promoted.queries.size());
    }

    @Test
    void noAnnouncementMeansTheQuery() throws Exception {
        for (String announced : new String[] {null, "", "unknown"}) {
            Native older = new Native(true, announced, true);
            assertEquals(HostRole.READER, Dialect.of(Engine.POSTGRESQL).roleOf(older.connection(), HostRole.READER),
                    String.valueOf(announced));
            assertEquals(List.of("SELECT pg_is_in_recovery()"), older.queries, String.valueOf(announced));
        }
        // Not pgjdbc's connection (for example wrapped by something else): the query.
        Native wrapped = new Native(false, "off", false);
        assertEquals(HostRole.WRITER, Dialect.of(Engine.POSTGRESQL).roleOf(wrapped.connection(), HostRole.WRITER));
        assertEquals(1, wrapped.queries.size());
    }

    @Test
    void mySqlAlwaysAsks() throws Exception {
        Native writer = new Native(false, null, false);
        assertEquals(HostRole.WRITER, Dialect.of(Engine.MYSQL).roleOf(writer.connection(), HostRole.WRITER));
        Native replica = new Native(false, null, true);
        assertEquals(HostRole.READER, Dialect.of(Engine.MYSQL).roleOf(replica.connection(), HostRole.WRITER));
        assertEquals(List.of("SELECT @@global.read_only OR @@global.innodb_read_only"), writer.queries);
        assertEquals(1, replica.queries.size());
    }

    @Test
    void aFailingQueryIsTheCallersError() {
        Connection broken = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Connection.class, PGConnection.class}, (proxy, m, args) -> {
                    if (m.getName().equals("getParameterStatus")) {
                        return null;
                    }
                    throw new SQLNonTransientConnectionException("connection reset", "08006");
                });
        SQLNonTransientConnectionException e = assertThrows(SQLNonTransientConnectionException.class,
                () -> Dialect.of(Engine.POSTGRESQL).roleOf(broken, HostRole.WRITER));
        assertEquals("08006", e.getSQLState());
    }
}
