package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.SqlStates;

import java.lang.reflect.InvocationTargetException;
import java.sql.Driver;
import java.sql.SQLException;

/**
 * The native drivers the user brings (pgjdbc, MySQL Connector/J), instantiated directly rather than looked up in
 * {@code DriverManager}, so that another registered driver can never take a {@code jdbc:postgresql:} URL meant for
 * pgjdbc. Called once per cluster context, never on the statement path.
 */
public final class NativeDrivers {
    private NativeDrivers() {
    }

    /**
     * @throws SQLException SQLState {@code 08001} naming the Maven artifact to add when the driver is not on the
     *         class path
     */
    static Driver load(Engine engine) throws SQLException {
        return load(engine.nativeDriverClass(), engine.nativeArtifact(), engine.scheme());
    }

    /** {@link #load(Engine)} by class name (public for the test of the missing-driver message). */
    public static Driver load(String className, String artifact, String scheme) throws SQLException {
        try {
            Class<?> type = Class.forName(className, true, NativeDrivers.class.getClassLoader());
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new SQLException("jdbc:aurora:" + scheme + " needs the native driver " + className
                    + ", which is not on the class path: add " + artifact + " to your dependencies",
                    SqlStates.UNABLE_TO_CONNECT, e);
        } catch (ReflectiveOperationException | ClassCastException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new SQLException("cannot instantiate the native driver " + className + ": " + cause,
                    SqlStates.UNABLE_TO_CONNECT, cause);
        }
    }
}
