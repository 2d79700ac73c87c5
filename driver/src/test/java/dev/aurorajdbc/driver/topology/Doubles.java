package dev.aurorajdbc.driver.topology;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Makes a JDBC interface out of a small test double: a call goes to the double's public method of the same name and
 * parameter types; any other method throws {@link SQLFeatureNotSupportedException} naming it, so a parser that starts
 * using a method nobody recorded fails loudly. Test code only (production code uses no reflection).
 */
final class Doubles {
    private Doubles() {
    }

    static <T> T of(Class<T> type, Object target) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                switch (method.getName()) {
                    case "equals":
                        return proxy == args[0];
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    default:
                        return type.getSimpleName() + " double over " + target;
                }
            }
            Method impl;
            try {
                impl = target.getClass().getMethod(method.getName(), method.getParameterTypes());
            } catch (NoSuchMethodException e) {
                throw new SQLFeatureNotSupportedException(type.getSimpleName() + "." + method.getName()
                        + " is not part of the test double");
            }
            try {
                impl.setAccessible(true);
                return impl.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }));
    }
}
