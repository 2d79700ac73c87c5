package dev.aurorajdbc.driver.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.mysql.cj.jdbc.JdbcConnection;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
            PreparedStatement.class, CallableStatement.class, ResultSet.class, DatabaseMetaData.class,
            ResultSetMetaData.class, ParameterMetaData.class, Savepoint.class, Blob.class, Clob.class, NClob.class,
            java.sql.Array.class, SQLXML.class, Struct.class, Ref.class);

    /** The java.sql types a wrapper hands out only wrapped. */
    private static final Set<Class<?>> WRAPPED = Set.copyOf(INTERFACES);

    /** Methods whose answer is by design not the native's (nor a wrapper of it): the logical objects. */
    private static final Set<String> ANSWERED_BY_DESIGN = Set.of("Statement.getConnection()",
            "PreparedStatement.getConnection()", "CallableStatement.getConnection()",
            "DatabaseMetaData.getConnection()", "ResultSet.getStatement()");

    /**
     * Methods that end the connection: their native exception reaches the application as it is, since there is nothing
     * left to fail over (and a failure of another call they end is {@code 08003}, see AuroraConnection#fail).
     */
    private static final Set<String> ENDING_THE_CONNECTION = Set.of("Connection.close()", "Connection.abort(Executor)");

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
        AuroraConnection c = new GeneratedAuroraConnection(owner, NativeStub.create(Connection.class), "node1:5432");
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
        } else if (iface == DatabaseMetaData.class) {
            AuroraDatabaseMetaData md = (AuroraDatabaseMetaData) c.getMetaData();
            wrapper = md;
            nativeObject = md.delegate;
        } else {
            wrapper = value(c, iface);
            nativeObject = nativeBehind(wrapper);
        }
        assertThat(iface.isInstance(wrapper)).isTrue();
        assertThat(nativeObject).isNotNull().isNotSameAs(wrapper);
        if (iface == Connection.class) {
            c.setAutoCommit(false); // so that the test's setAutoCommit(true) is a change the native must see
        }
        NativeStub.of(nativeObject).clear();
        return new Fixture(owner, c, wrapper, nativeObject);
    }

    /** A wrapped metadata or value object of {@code c}, as the application gets it. */
    private static Object value(AuroraConnection c, Class<?> iface) throws SQLException {
        if (iface == ResultSetMetaData.class) {
            return c.prepareStatement("select 1").getMetaData();
        }
        if (iface == ParameterMetaData.class) {
            return c.prepareStatement("select ?").getParameterMetaData();
        }
        if (iface == Savepoint.class) {
            return c.setSavepoint();
        }
        if (iface == Blob.class) {
            return c.createBlob();
        }
        if (iface == Clob.class) {
            return c.createClob();
        }
        if (iface == NClob.class) {
            return c.createNClob();
        }
        if (iface == java.sql.Array.class) {
            return c.createArrayOf("int4", new Object[] {1});
        }
        if (iface == SQLXML.class) {
            return c.createSQLXML();
        }
        if (iface == Struct.class) {
            return c.createStruct("point", new Object[] {1, 2});
        }
        if (iface == Ref.class) {
            return c.createStatement().executeQuery("select ref").getRef(1);
        }
        throw new IllegalArgumentException(iface.getName());
    }

    /** The native object behind a wrapper; null for anything else. */
    private static Object nativeBehind(Object wrapper) {
        if (wrapper instanceof AuroraConnection w) {
            return w.physical();
        }
        if (wrapper instanceof AuroraStatement w) {
            return w.delegate;
        }
        if (wrapper instanceof AuroraResultSet w) {
            return w.delegate;
        }
        if (wrapper instanceof AuroraDatabaseMetaData w) {
            return w.delegate;
        }
        if (wrapper instanceof AuroraResultSetMetaData w) {
            return w.delegate;
        }
        if (wrapper instanceof AuroraParameterMetaData w) {
            return w.delegate;
        }
        if (wrapper instanceof NativeValue w) {
            return w.nativeObject();
        }
        return null;
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
                "CallableStatement", "ResultSet", "DatabaseMetaData", "ResultSetMetaData", "ParameterMetaData",
                "Savepoint", "Blob", "Clob", "NClob", "Array", "SQLXML", "Struct", "Ref");
        assertThat(perInterface.get("CallableStatement")).isGreaterThan(200);
    }

    /**
     * Each method reaches the native method of the same signature with the same arguments (a wrapped value handed
     * back: its native object), and answers what the native answered, or a wrapper of it where the type is one the
     * wrappers wrap. The arguments differ from each other and the native answers are new objects or values that are
     * no default (true, 7, "answer of ..."), so a wrapper that swaps or alters an argument, or answers a constant,
     * fails here.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("methods")
    void everyMethodReachesTheNativeObjectWithItsArgumentsAndReturnsItsAnswer(String label, Class<?> iface, Method m)
            throws Throwable {
        Fixture f = fixture(iface);
        f.stub().distinctAnswers();
        Object[] args = arguments(m, f.connection());

        Object result = invoke(f.wrapper(), m, args);

        NativeStub.Call call = f.stub().last(m);
        assertThat(call).as("%s reached the native object; it saw %s", label, f.stub().callNames()).isNotNull();
        for (int i = 0; i < args.length; i++) {
            Object expected = Values.nativeOf(args[i]);
            assertThat(Objects.deepEquals(call.args().get(i), expected))
                    .as("%s: argument %d reached the native as %s (%s), expected %s", label, i, call.args().get(i),
                            call.args().get(i) == null ? null : call.args().get(i).getClass().getSimpleName(),
                            expected)
                    .isTrue();
        }
        if (m.getReturnType() != void.class && !ANSWERED_BY_DESIGN.contains(label)) {
            Object answer = call.answer().get();
            if (WRAPPED.contains(m.getReturnType())) {
                assertThat(result).as("%s answers a wrapper of the native's answer", label)
                        .isNotSameAs(answer).isInstanceOf(m.getReturnType());
                assertThat(nativeBehind(result)).as("%s answers a wrapper of the native's answer", label)
                        .isSameAs(answer);
            } else {
                assertThat(Objects.deepEquals(result, answer))
                        .as("%s answered %s, the native %s", label, result, answer).isTrue();
            }
        }
        assertThat(f.owner().failures).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("methodsThrowingSqlException")
    void everyNativeExceptionPassesTheFunnelOnce(String label, Class<?> iface, Method m) throws Throwable {
        Fixture f = fixture(iface);
        f.stub().failWith(new SQLException("boom", "XX000"));

        Throwable thrown = catchThrowable(() -> invoke(f.wrapper(), m, arguments(m, f.connection())));

        if (ENDING_THE_CONNECTION.contains(label)) {
            assertThat(f.owner().failures).as(label).isEmpty();
            assertThat(thrown).as(label).isSameAs(f.stub().lastThrown());
            return;
        }
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
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");

        assertThat(c.createStatement().getConnection()).isSameAs(c);
        assertThat(c.prepareStatement("select 1").getConnection()).isSameAs(c);
        assertThat(c.prepareCall("{call p()}").getConnection()).isSameAs(c);
        assertThat(c.getMetaData().getConnection()).isSameAs(c);
    }

    @Test
    void resultSetsAreWrappedAndReturnTheirWrapperStatement() throws SQLException {
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
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
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        AuroraStatement s = (AuroraStatement) c.createStatement();
        NativeStub.of(s.delegate).answer("getResultSet", NativeStub.create(ResultSet.class));

        assertThat(s.getResultSet()).isSameAs(s.getResultSet());
    }

    @Test
    void metadataResultSetsAreWrappedAndMirrorTheNativeStatement() throws SQLException {
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
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
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
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
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), pg, "n1");

        assertThat(c.unwrap(AuroraConnection.class)).isSameAs(c);
        assertThat(c.unwrap(Connection.class)).isSameAs(c);
        assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
        assertThat(c.unwrap(PGConnection.class)).isSameAs(pg);
        assertThat(NativeStub.of(pg).callNames()).isEmpty();
    }

    @Test
    void unwrapFindsTheConnectorJConnection() throws SQLException {
        Connection mysql = NativeStub.create(JdbcConnection.class);
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), mysql, "n1");

        assertThat(c.isWrapperFor(JdbcConnection.class)).isTrue();
        assertThat(c.unwrap(JdbcConnection.class)).isSameAs(mysql);
    }

    @Test
    void unwrapAsksTheNativeObjectForWhatItWraps() throws SQLException {
        Connection pg = NativeStub.create(Connection.class);
        PGConnection inner = NativeStub.create(PGConnection.class);
        NativeStub.of(pg).answer("unwrap", inner).answer("isWrapperFor", true);
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), pg, "n1");

        assertThat(c.isWrapperFor(PGConnection.class)).isTrue();
        assertThat(c.unwrap(PGConnection.class)).isSameAs(inner);
    }

    @Test
    void statementsUnwrapToThemselvesThenToTheNativeStatement() throws SQLException {
        Connection pg = NativeStub.create(Connection.class);
        Statement pgStatement = NativeStub.create(Statement.class, PGStatement.class);
        NativeStub.of(pg).answer("createStatement", pgStatement);
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), pg, "n1");
        Statement s = c.createStatement();

        assertThat(s.unwrap(Statement.class)).isSameAs(s);
        assertThat(s.unwrap(AuroraStatement.class)).isSameAs(s);
        assertThat(s.unwrap(PGStatement.class)).isSameAs(pgStatement);
        assertThat(s.isWrapperFor(PGStatement.class)).isTrue();
    }

    @Test
    void valuesMetAsObjectsComeBackWrappedUnlessTheApplicationAsksForTheNativeClass() throws SQLException {
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        AuroraResultSet rs = (AuroraResultSet) c.createStatement().executeQuery("select array");
        java.sql.Array pgArray = NativeStub.create(java.sql.Array.class);
        NativeStub.of(rs.delegate).answer("getObject", pgArray);

        Object array = rs.getObject(1);
        assertThat(array).isInstanceOf(AuroraArray.class);
        assertThat(((AuroraArray) array).delegate).isSameAs(pgArray);
        assertThat(rs.getObject(1, java.sql.Array.class)).isInstanceOf(AuroraArray.class);
        assertThat(rs.getObject(1, pgArray.getClass())).as("the native class asked for").isSameAs(pgArray);
        NativeStub.of(rs.delegate).answer("getObject", "text");
        assertThat(rs.getObject(1)).isEqualTo("text");
    }

    @Test
    void wrappedValuesGoBackToTheNativeDriverAsItsOwn() throws SQLException {
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        Savepoint sp = c.setSavepoint("s1");
        Blob blob = c.createBlob();
        assertThat(sp).isInstanceOf(AuroraSavepoint.class);
        assertThat(blob).isInstanceOf(AuroraBlob.class);
        AuroraPreparedStatement ps = (AuroraPreparedStatement) c.prepareStatement("insert ?");

        c.rollback(sp);
        c.releaseSavepoint(sp);
        ps.setBlob(1, blob);
        ps.setObject(2, blob);

        NativeStub physical = NativeStub.of(c.physical());
        Object nativeSavepoint = ((AuroraSavepoint) sp).delegate;
        assertThat(physical.calls()).filteredOn(call -> call.name().endsWith("avepoint") && !call.args().isEmpty()
                && !(call.args().get(0) instanceof String)).extracting(call -> call.args().get(0))
                .containsExactly(nativeSavepoint);
        assertThat(physical.calls()).filteredOn(call -> call.name().equals("rollback"))
                .extracting(call -> call.args().get(0)).containsExactly(nativeSavepoint);
        assertThat(NativeStub.of(ps.delegate).calls()).extracting(call -> call.args().get(1))
                .containsExactly(((AuroraBlob) blob).delegate, ((AuroraBlob) blob).delegate);
    }

    @Test
    void metadataWrappersUnwrapToTheNativeMetadata() throws SQLException {
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        ResultSetMetaData md = c.prepareStatement("select 1").getMetaData();
        ParameterMetaData pmd = c.prepareStatement("select ?").getParameterMetaData();

        assertThat(md.unwrap(ResultSetMetaData.class)).isSameAs(md);
        assertThat(md.isWrapperFor(java.lang.reflect.Proxy.class)).isTrue();
        assertThat(md.unwrap(java.lang.reflect.Proxy.class)).isSameAs(((AuroraResultSetMetaData) md).delegate);
        assertThat(pmd.unwrap(java.lang.reflect.Proxy.class)).isSameAs(((AuroraParameterMetaData) pmd).delegate);
    }

    @Test
    void anArraysResultSetIsWrappedAndReachesTheLogicalConnection() throws SQLException {
        AuroraConnection c = new GeneratedAuroraConnection(new RecordingOwner(), NativeStub.create(Connection.class), "n1");
        java.sql.Array array = c.createArrayOf("int4", new Object[] {1, 2});

        ResultSet rs = array.getResultSet();
        assertThat(rs).isInstanceOf(AuroraResultSet.class);
        assertThat(rs.getStatement().getConnection()).isSameAs(c);
    }

    // ---- reflection helpers ----

    private static String label(Class<?> iface, Method m) {
        return iface.getSimpleName() + "." + m.getName() + Arrays.stream(m.getParameterTypes())
                .map(Class::getSimpleName).collect(Collectors.joining(",", "(", ")"));
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Arguments that differ from each other and from the defaults; wrapped values where the type is wrapped. */
    private static Object[] arguments(Method m, AuroraConnection c) throws SQLException {
        Class<?>[] types = m.getParameterTypes();
        Object[] args = new Object[types.length];
        for (int i = 0; i < types.length; i++) {
            args[i] = argument(types[i], i, c);
        }
        return args;
    }

    private static Object argument(Class<?> type, int position, AuroraConnection c) throws SQLException {
        if (type == boolean.class) {
            return true;
        }
        if (type == byte.class) {
            return (byte) (10 + position);
        }
        if (type == short.class) {
            return (short) (100 + position);
        }
        if (type == int.class) {
            return 100 + position;
        }
        if (type == long.class) {
            return 200L + position;
        }
        if (type == float.class) {
            return 0.5f + position;
        }
        if (type == double.class) {
            return 1.5d + position;
        }
        if (type == String.class) {
            return "arg" + position;
        }
        if (type == Class.class) {
            return Runnable.class; // neither a wrapper nor a stub implements it: unwrap asks the native object
        }
        if (type == Executor.class) {
            return new DirectExecutor();
        }
        if (type == Properties.class) {
            Properties p = new Properties();
            p.setProperty("ApplicationName", "arg" + position);
            return p;
        }
        if (type == Map.class) {
            Map<String, Class<?>> map = new HashMap<>();
            map.put("arg" + position, Runnable.class);
            return map;
        }
        if (type == Object.class) {
            return c.createBlob(); // a wrapped value: setObject and updateObject give the native its own
        }
        if (type == Savepoint.class) {
            return c.setSavepoint();
        }
        if (type.isArray()) {
            return java.lang.reflect.Array.newInstance(type.getComponentType(), 1);
        }
        if (WRAPPED.contains(type)) {
            Object wrapped = Values.wrap(c, NativeStub.create(type));
            assertThat(wrapped).isInstanceOf(NativeValue.class);
            return wrapped;
        }
        if (type.isInterface()) {
            return NativeStub.create(type); // SQLType, RowId, ShardingKey
        }
        return NativeStub.distinctInstance(type);
    }

    private static final class DirectExecutor implements Executor {
        @Override
        public void execute(Runnable command) {
            command.run();
        }
    }
}
