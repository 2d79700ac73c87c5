package dev.aurorajdbc.driver.jdbc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.net.MalformedURLException;
import java.net.URL;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A recording native driver object: a JDK dynamic proxy for any java.sql interface that records every call, answers
 * defaults (0, false, null, empty arrays, and new stubs for connections, statements, result sets, metadata and the
 * values the wrappers wrap), distinct answers ({@link #distinctAnswers}), or configured answers, or throws a
 * configured failure from every method that declares SQLException. Public for the tests of other packages that
 * need a native connection (the cluster's dialects).
 */
public final class NativeStub implements InvocationHandler {

    /** One recorded call and, once the stub answered, its answer (null for void, a failure, or a null answer). */
    public record Call(String name, List<Class<?>> parameterTypes, List<Object> args, AtomicReference<Object> answer) {
        boolean is(Method m) {
            return name.equals(m.getName()) && parameterTypes.equals(List.of(m.getParameterTypes()));
        }
    }

    private static final Object NULL = new Object();
    private static final Set<Class<?>> STUBBED = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, ResultSet.class, DatabaseMetaData.class, ResultSetMetaData.class,
            ParameterMetaData.class, Savepoint.class, Blob.class, Clob.class, NClob.class, java.sql.Array.class, SQLXML.class,
            Struct.class, Ref.class);

    private final String name;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final Map<String, Runnable> hooks = new ConcurrentHashMap<>();
    private volatile SQLException failure;
    private volatile SQLException lastThrown;
    private volatile boolean distinct;

    private NativeStub(String name) {
        this.name = name;
    }

    /** A new stub implementing {@code iface} and the {@code extra} interfaces (e.g. {@code PGConnection}). */
    public static <T> T create(Class<T> iface, Class<?>... extra) {
        Class<?>[] all = new Class<?>[extra.length + 1];
        all[0] = iface;
        System.arraycopy(extra, 0, all, 1, extra.length);
        return iface.cast(Proxy.newProxyInstance(NativeStub.class.getClassLoader(), all,
                new NativeStub(iface.getSimpleName())));
    }

    /** The recorder behind a stub. */
    public static NativeStub of(Object stub) {
        return (NativeStub) Proxy.getInvocationHandler(stub);
    }

    public List<Call> calls() {
        return new ArrayList<>(calls);
    }

    List<String> callNames() {
        return calls.stream().map(Call::name).toList();
    }

    public long count(String methodName) {
        return calls.stream().filter(c -> c.name().equals(methodName)).count();
    }

    boolean saw(Method m) {
        return calls.stream().anyMatch(c -> c.is(m));
    }

    void clear() {
        calls.clear();
    }

    /**
     * Answers that a wrapper cannot make up: true, 7, a new string naming the method, a new object, array, stream
     * or stub of the return type, instead of 0, false and null (configured answers still come first).
     */
    NativeStub distinctAnswers() {
        distinct = true;
        return this;
    }

    /** The last call of {@code m}, or null. */
    Call last(Method m) {
        Call found = null;
        for (Call c : calls) {
            if (c.is(m)) {
                found = c;
            }
        }
        return found;
    }

    /** Every method named {@code methodName} answers {@code value} (may be null). */
    public NativeStub answer(String methodName, Object value) {
        answers.put(methodName, value == null ? NULL : value);
        return this;
    }

    /** Runs {@code hook} inside every call of a method named {@code methodName}, before it answers. */
    public NativeStub onCall(String methodName, Runnable hook) {
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
        Call call = new Call(method.getName(), List.of(method.getParameterTypes()),
                args == null ? List.of() : Arrays.asList(args), new AtomicReference<>());
        calls.add(call);
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
            answer = answer == NULL ? null : answer;
        } else {
            answer = distinct ? distinctValue(method) : defaultValue(method.getReturnType());
        }
        call.answer().set(answer);
        return answer;
    }

    private static Object distinctValue(Method method) {
        Class<?> type = method.getReturnType();
        if (type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return true;
        }
        if (type == byte.class) {
            return (byte) 7;
        }
        if (type == short.class) {
            return (short) 7;
        }
        if (type == int.class) {
            return 7;
        }
        if (type == long.class) {
            return 7L;
        }
        if (type == float.class) {
            return 7.5f;
        }
        if (type == double.class) {
            return 7.5d;
        }
        if (type == String.class) {
            return new String("answer of " + method.getName());
        }
        if (type == Object.class) {
            return new Object();
        }
        if (type.isArray()) {
            return Array.newInstance(type.getComponentType(), 1);
        }
        if (type.isEnum()) {
            Object[] constants = type.getEnumConstants();
            return constants[constants.length - 1];
        }
        if (type.isInterface()) {
            return create(type);
        }
        return distinctInstance(type);
    }

    /** A new instance of a value class a java.sql method returns. */
    static Object distinctInstance(Class<?> type) {
        if (type == BigDecimal.class) {
            return new BigDecimal("7.5");
        }
        if (type == Date.class) {
            return new Date(7);
        }
        if (type == Time.class) {
            return new Time(7);
        }
        if (type == Timestamp.class) {
            return new Timestamp(7);
        }
        if (type == SQLWarning.class) {
            return new SQLWarning("answer");
        }
        if (type == Properties.class) {
            Properties p = new Properties();
            p.setProperty("answer", "7");
            return p;
        }
        if (type == InputStream.class) {
            return new ByteArrayInputStream(new byte[] {7});
        }
        if (type == OutputStream.class) {
            return new ByteArrayOutputStream();
        }
        if (type == Reader.class) {
            return new StringReader("7");
        }
        if (type == Writer.class) {
            return new StringWriter();
        }
        if (type == Calendar.class) {
            return Calendar.getInstance();
        }
        if (type == URL.class) {
            try {
                return new URL("http://answer.invalid/");
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalArgumentException("no distinct value of " + type);
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
