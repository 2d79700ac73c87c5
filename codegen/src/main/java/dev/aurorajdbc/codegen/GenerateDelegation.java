package dev.aurorajdbc.codegen;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a hand-written abstract JDBC wrapper whose remaining methods are pure delegation: {@link DelegationProcessor}
 * writes, in the same package, a final subclass {@code Generated<Name>} that implements each of them as the native
 * call in a try/catch whose SQLException goes through the funnel exactly once:
 *
 * <pre>{@code
 * @Override
 * public int getInt(int arg0) throws SQLException {
 *     try {
 *         return delegate.getInt(arg0);
 *     } catch (SQLException e) {
 *         throw fail(e);
 *     }
 * }
 * }</pre>
 *
 * A method that declares no SQLException has nothing to funnel: it is the plain call.
 *
 * <p>Generated are the methods of the delegate's interface (and its superinterfaces, default methods included) that
 * no concrete method of the annotated class or its superclasses implements: a method with logic is hand-written, and
 * the generator leaves it alone. A hand-written method whose body is exactly what would be generated is a compile
 * error, so that pure delegation is not written by hand again.
 *
 * <p>Value rules, read from the static methods of {@link #values()} by their shape:
 * <ul>
 *   <li>{@code static R m(C connection, R value)}: a returned {@code R} becomes {@code m(connection, value)};
 *   <li>{@code static <T> T m(C connection, T value, Class<T> type)}: {@code <T> T x(..., Class<T> type)} returns
 *       {@code m(connection, value, type)};
 *   <li>{@code static A m(A argument)}: an argument of type {@code A} reaches the native call as {@code m(argument)}.
 * </ul>
 * Types match exactly (a {@code Clob} rule does not apply to an {@code NClob}); static methods of other shapes are not
 * rules. A returned {@code java.sql.ResultSet} goes through {@link #resultSet()}.
 *
 * <p>Source retention: nothing of this module is needed at run time.
 */
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface GenerateDelegation {

    /**
     * The native object: a field of the annotated class or a superclass, or a method without parameters written with
     * its parentheses ({@code "live()"}). A method is called once per call, before the try, into a local {@code c}:
     * what it throws itself (a closed connection's error) does not pass through the funnel. Its type, an interface,
     * names the methods to delegate.
     */
    String delegate() default "delegate";

    /** The funnel: a method {@code SQLException name(SQLException)} of the annotated class or a superclass. */
    String funnel() default "fail";

    /** The expression passed as the first argument of the value rules that take one (the logical connection). */
    String connection() default "connection";

    /** The class whose static methods are the value rules (see above); {@code void.class}: no rules. */
    Class<?> values() default void.class;

    /**
     * A method of the annotated class or a superclass that wraps a native {@code java.sql.ResultSet} the wrapper
     * returns; empty when the delegate returns none (a result set returned without it is a compile error, so that no
     * native result set reaches the application).
     */
    String resultSet() default "";

    /**
     * A method {@code String name(String)} of the annotated class or a superclass through which every first parameter
     * of type {@code String} goes before the native call, inside the try ({@code ResultSet}: the column label, which
     * the wrapper refuses when null); empty: none. By position and type, because the JDK's {@code java.sql} class
     * files carry no parameter names.
     */
    String firstString() default "";
}
