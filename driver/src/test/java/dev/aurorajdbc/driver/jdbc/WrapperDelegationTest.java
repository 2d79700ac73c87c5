package dev.aurorajdbc.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mysql.cj.jdbc.JdbcConnection;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * Every method of every wrapper, found by reflection over the java.sql interfaces: it reaches the native object, and
 * a native SQLException passes the owner's funnel exactly once. Also: wrappers are returned where the application
 * could otherwise reach a native object, and unwrap finds the native interfaces.
 */
class WrapperDelegationTest {

    private static final List<Class<?>> INTERFACES = List.of(Connection.class, Statement.class,
            PreparedStatement.class, CallableStatement.class, ResultSet.class, DatabaseMetaData.class);

    /** Methods that by design answer without the native object. */
    private static final Set<String> NOT_DELEGATED = Set.of("Connection.isClosed()");

    /** A fresh logical connection on a fresh stub, and the wrapper under test with its native object. */
    private record Fixture(RecordingOwner owner, AuroraConnection connection, Object wrapper, Object nativeObject) {
        NativeStub stub() {
            return NativeStub.of(nativeObject);
        }
    }

    private static Fixture fixture(Class<?> iface) throws SQLException {
        RecordingOwner owner = new RecordingOwner();
        AuroraConnection c = new AuroraConnection(owner, NativeStub.create(Connection.class), "node1:5432");
        Object wrapper;
        Object nativeObject;
        if (iface == Connection.class) {
            wrapper = c;
            nativeObject = c.physical();
        } else if (iface == Statement.class) {
            AuroraStatement s = (AuroraStatement) c.createStatement();
            wrapper = s;
            nativeObject = s.delegate;
        } else if (iface == PreparedStatement.class) {
            AuroraStatement s = (AuroraStatement) c.prepareStatement("select 1");
            wrapper = s;
            nativeObject = s.delegate;
        } else if (iface == CallableStatement.class) {
            AuroraStatement s = (AuroraStatement) c.prepareCall("{call p()}");
            wrapper = s;
            nativeObject = s.delegate;
        } else if (iface == ResultSet.class) {
            AuroraResultSet rs = (AuroraResultSet) c.createStatement().executeQuery("select 1");
            wrapper = rs;
            nativeObject = rs.delegate;
        } else {
            AuroraDatabaseMetaData md = (AuroraDatabaseMetaData) c.getMetaData();
            wrapper = md;
            nativeObject = md.delegate;
        }
        assertThat(iface.isInstance(wrapper)).isTrue();
        NativeStub.of(nativeObject).clear();
        return new Fixture(owner, c, wrapper, nativeObject);
    }

    static Stream<Arguments> methods() {
        return INTERFACES.stream().flatMap(iface -> {
            Map<String, Method> unique = new LinkedHashMap<>();
            for (Method m : iface.getMethods()) {
                if (!Modifier.isStatic(m.getModifiers())) {
                    unique.putIfAbsent(label(iface, m), m);
                }
            }
            return unique.entrySet().stream()
                    .filter(e -> !NOT_DELEGATED.contains(e.getKey()))
                    .map(e -> Arguments.of(e.getKey(), iface, e.getValue()));
        });
    }

    static Stream<Arguments> methodsThrowingSqlException() {
        return methods().filter(a -> {
            List<Class<?>> declared = List.of(((Method) a.get()[2]).getExceptionTypes());
            return declared.contains(SQLException.class) || declared.contains(SQLClientInfoException.class);
        });
    }

    @Test
    void everyInterfaceMethodIsCovered() {
        // a guard on the generator above: ~840 methods, none of the interfaces missing
        Map<Object, Long> perInterface = methods().collect(
                Collectors.groupingBy(a -> ((Class<?>) a.get()[1]).getSimpleName(), Collectors.counting()));
        assertThat(perInterface).containsOnlyKeys("Connection", "Statement", "PreparedStatement",
                "CallableStatement", "ResultSet", "DatabaseMetaData");
        assertThat(perInterface.get("CallableStatement")).isGreaterThan(200);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void everyMethodReachesTheNativeObject(String label, Class<?> iface, Method m) throws Throwable {
        Fixture f = fixture(iface);

        invoke(f.wrapper(), m);

        assertThat(f.stub().saw(m)).as("%s reached the native object; it saw %s", label, f.stub().callNames())
                .isTrue();
        assertThat(f.owner().failures).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodsThrowingSqlException")
    void everyNativeExceptionPassesTheFunnelOnce(String label, Class<?> iface, Method m) throws Throwable {
        Fixture f = fixture(iface);
        f.stub().failWith(new SQLException("boom", "XX000"));

        Throwable thrown = catchThrowable(() -> invoke(f.wrapper(), m));

        assertThat(f.owner().failures).as(label).hasSize(1);
        assertThat((Object) f.owner().failures.get(0)).isSameAs(f.stub().lastThrown());
        SQLException answer = f.owner().answers.get(0);
        if (m.getName().equals("setClientInfo")) {
            // the signature only allows SQLClientInfoException: the funnel's answer travels as its cause
            assertThat(thrown).isInstanceOf(SQLClientInfoException.class).hasCause(answer);
            assertThat(((SQLException) thrown).getSQLState()).isEqualTo("08S02");
        } else {
            assertThat(thrown).as(label).isSameAs(answer);
        }
    }

    @Test
    void getConnectionOfStatementsAndMetadataIsTheLogicalConnection() throws SQLException {
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");

        assertThat(c.createStatement().getConnection()).isSameAs(c);
        assertThat(c.prepareStatement("select 1").getConnection()).isSameAs(c);
        assertThat(c.prepareCall("{call p()}").getConnection()).isSameAs(c);
        assertThat(c.getMetaData().getConnection()).isSameAs(c);
    }

    @Test
    void resultSetsAreWrappedAndReturnTheirWrapperStatement() throws SQLException {
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        Statement s = c.createStatement();
        PreparedStatement ps = c.prepareStatement("select 1");
        CallableStatement cs = c.prepareCall("{call p()}");

        assertThat(s.executeQuery("select 1")).isInstanceOf(AuroraResultSet.class);
        assertThat(s.executeQuery("select 1").getStatement()).isSameAs(s);
        assertThat(s.getGeneratedKeys().getStatement()).isSameAs(s);
        assertThat(ps.executeQuery().getStatement()).isSameAs(ps);
        assertThat(ps.getResultSet().getStatement()).isSameAs(ps);
        assertThat(cs.executeQuery().getStatement()).isSameAs(cs);
        assertThat(ps.getResultSet().getStatement().getConnection()).isSameAs(c);
    }

    @Test
    void theSameNativeResultSetGetsTheSameWrapper() throws SQLException {
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        AuroraStatement s = (AuroraStatement) c.createStatement();
        NativeStub.of(s.delegate).answer("getResultSet", NativeStub.create(ResultSet.class));

        assertThat(s.getResultSet()).isSameAs(s.getResultSet());
    }

    @Test
    void metadataResultSetsAreWrappedAndMirrorTheNativeStatement() throws SQLException {
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        DatabaseMetaData md = c.getMetaData();

        ResultSet tables = md.getTables(null, null, "%", null);
        assertThat(tables).isInstanceOf(AuroraResultSet.class);
        Statement internal = tables.getStatement();
        assertThat(internal).isInstanceOf(AuroraStatement.class);
        assertThat(tables.getStatement()).isSameAs(internal);
        assertThat(internal.getConnection()).isSameAs(c);

        ResultSet types = md.getTypeInfo();
        NativeStub.of(((AuroraResultSet) types).delegate).answer("getStatement", null);
        assertThat(types.getStatement()).isNull();
    }

    @Test
    void aResultSetMetAsAValueComesBackWrapped() throws SQLException {
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        AuroraCallableStatement cs = (AuroraCallableStatement) c.prepareCall("{? = call refcursor()}");
        NativeStub.of(cs.delegate).answer("getObject", NativeStub.create(ResultSet.class));

        Object cursor = cs.getObject(1);
        assertThat(cursor).isInstanceOf(AuroraResultSet.class);
        assertThat(((ResultSet) cursor).getStatement().getConnection()).isSameAs(c);
        assertThat(cs.getObject(1, ResultSet.class)).isInstanceOf(AuroraResultSet.class);
        assertThat(cs.getObject(1, Object.class)).isInstanceOf(AuroraResultSet.class);

        AuroraResultSet rs = (AuroraResultSet) c.createStatement().executeQuery("select cursor");
        NativeStub.of(rs.delegate).answer("getObject", NativeStub.create(ResultSet.class));
        assertThat(rs.getObject("cursor")).isInstanceOf(AuroraResultSet.class);
    }

    @Test
    void unwrapFindsTheWrapperFirstThenThePgjdbcConnection() throws SQLException {
        Connection pg = NativeStub.create(Connection.class, PGConnection.class);
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), pg, "n1");

        assertThat(c.unwrap(AuroraConnection.class)).isSameAs(c);
        assertThat(c.unwrap(Connection.class)).isSameAs(c);
        assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
        assertThat(c.unwrap(PGConnection.class)).isSameAs(pg);
        assertThat(NativeStub.of(pg).callNames()).isEmpty();
    }

    @Test
    void unwrapFindsTheConnectorJConnection() throws SQLException {
        Connection mysql = NativeStub.create(JdbcConnection.class);
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), mysql, "n1");

        assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
        assertThat(c.unwrap(JdbcConnection.class)).isSameAs(mysql);
    }

    @Test
    void unwrapAsksTheNativeObjectForWhatItWraps() throws SQLException {
        Connection pg = NativeStub.create(Connection.class);
        PGConnection inner = NativeStub.create(PGConnection.class);
        NativeStub.of(pg).answer("unwrap", inner).answer("isWrapperFor", true);
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), pg, "n1");

        assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
        assertThat(c.unwrap(PGConnection.class)).isSameAs(inner);
    }

    @Test
    void statementsUnwrapToThemselvesThenToTheNativeStatement() throws SQLException {
        Connection pg = NativeStub.create(Connection.class);
        Statement pgStatement = NativeStub.create(Statement.class, PGStatement.class);
        NativeStub.of(pg).answer("createStatement", pgStatement);
        AuroraConnection c = new AuroraConnection(new RecordingOwner(), pg, "n1");
        Statement s = c.createStatement();

        assertThat(s.unwrap(Statement.class)).isSameAs(s);
        assertThat(s.unwrap(AuroraStatement.class)).isSameAs(s);
        assertThat(s.unwrap(PGStatement.class)).isSameAs(pgStatement);
        assertThat(s.isWrapperFor(PGStatement.class)).isTrue();
    }

    // ---- reflection helpers ----

    private static String label(Class<?> iface, Method m) {
        return iface.getSimpleName() + "." + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }

    private static Object invoke(Object target, Method m) throws Throwable {
        try {
            return m.invoke(target, arguments(m));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Object[] arguments(Method m) {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = argument(types[i]);
        }
        return args;
    }

    private static Object argument(Class<?> type) {
        if (type == boolean.class) {
            return false;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        if (type == int.class) {
            return 0;
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == String.class) {
            return "x";
        }
        if (type == Class.class) {
            return Runnable.class; // neither a wrapper nor a stub implements it: unwrap asks the native object
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
