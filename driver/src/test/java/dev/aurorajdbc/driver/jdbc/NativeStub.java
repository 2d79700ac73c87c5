package dev.aurorajdbc.driver.jdbc;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A recording native driver object: a JDK dynamic proxy for any java.sql interface that records every call, answers
 * defaults (0, false, null, empty arrays, and new stubs for connections, statements, result sets and metadata),
 * or configured answers, or throws a configured failure from every method that declares SQLException.
 */
final class NativeStub implements InvocationHandler {

    /** One recorded call. */
    record Call(String name, List<Class<?>> parameterTypes, List<Object> args) {
        boolean is(Method m) {
            return name.equals(m.getName()) && parameterTypes.equals(List.of(m.getParameterTypes()));
        }
    }

    private static final Object NULL = new Object();
    private static final Set<Class<?>> STUBBED = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class, DatabaseMetaData.class);

    private final String name;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private volatile SQLException failure;
    private volatile SQLException lastThrown;

    private NativeStub(String name) {
        this.name = name;
    }

    /** A new stub implementing {@code iface} and the {@code extra} interfaces (e.g. {@code PGConnection}). */
    static <T> T create(Class<T> iface, Class<?>... extra) {
        Class<?>[] all = new Class<?>[extra.length + 1];
        all[0] = iface;
        System.arraycopy(extra, 0, all, 1, extra.length);
        return iface.cast(Proxy.newProxyInstance(NativeStub.class.getClassLoader(), all,
                new NativeStub(iface.getSimpleName())));
    }

    /** The recorder behind a stub. */
    static NativeStub of(Object stub) {
        return (NativeStub) Proxy.getInvocationHandler(stub);
    }

    List<Call> calls() {
        return new ArrayList<>(calls);
    }

    List<String> callNames() {
        return calls.stream().map(Call::name).toList();
    }

    long count(String methodName) {
        return calls.stream().filter(c -> c.name().equals(methodName)).count();
    }

    boolean saw(Method m) {
        return calls.stream().anyMatch(c -> c.is(m));
    }

    void clear() {
        calls.clear();
    }

    /** Every method named {@code methodName} answers {@code value} (may be null). */
    NativeStub answer(String methodName, Object value) {
        answers.put(methodName, value == null ? NULL : value);
        return this;
    }

    /** Runs {@code hook} inside every call of a method named {@code methodName}, before it answers. */
    NativeStub onCall(String methodName, Runnable hook) {
        hooks.put(methodName, hook);
        return this;
    }

    /** Every method that declares SQLException throws {@code e} (or a SQLClientInfoException caused by it). */
    NativeStub failWith(SQLException e) {
        failure = e;
        return this;
    }

    /** The exception the stub threw last. */
    SQLException lastThrown() {
        return lastThrown;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                default:
                    return "stub " + name;
            }
        }
        calls.add(new Call(method.getName(), List.of(method.getParameterTypes()),
                args == null ? List.of() : Arrays.asList(args)));
        Runnable hook = hooks.get(method.getName());
        if (hook != null) {
            hook.run();
        }
        SQLException f = failure;
        if (f != null) {
            List<Class<?>> declared = List.of(method.getExceptionTypes());
            if (declared.contains(SQLException.class)) {
                lastThrown = f;
                throw f;
            }
            if (declared.contains(SQLClientInfoException.class)) {
                SQLClientInfoException ce = new SQLClientInfoException(f.getMessage(), f.getSQLState(),
                        f.getErrorCode(), Map.of(), f);
                lastThrown = ce;
                throw ce;
            }
        }
        Object answer = answers.get(method.getName());
        if (answer != null) {
            return answer == NULL ? null : answer;
        }
        return defaultValue(method.getReturnType());
    }

    private static Object defaultValue(Class<?> type) {
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
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 0);
        }
        if (STUBBED.contains(type)) {
            return create(type);
        }
        return null;
    }
}
