package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.cluster.ClusterRegistry;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The {@code jdbc:aurora:} driver. It accepts {@code jdbc:aurora:postgresql://…} and {@code jdbc:aurora:mysql://…}
 * URLs and hands every connection to the native driver the application brings (pgjdbc, MySQL Connector/J), on the
 * cluster's current writer. {@code DriverManager} loads it through {@code META-INF/services/java.sql.Driver}; no
 * {@code Class.forName} is needed.
 *
 * <p>Each driver instance owns its clusters ({@link ClusterRegistry}); deregistering the registered instance stops
 * their monitor threads.
 */
public final class AuroraDriver implements Driver {
    private static final Logger PARENT_LOGGER = Logger.getLogger("dev.aurorajdbc");
    private static final AuroraDriver REGISTERED = new AuroraDriver();

    static {
        try {
            DriverManager.registerDriver(REGISTERED, REGISTERED.registry::shutdown);
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClusterRegistry registry = new ClusterRegistry();

    /** The instance registered with {@link DriverManager} (for {@code DriverManager.deregisterDriver}). */
    public static AuroraDriver registered() {
        return REGISTERED;
    }

    /** The clusters this driver instance serves. */
    public ClusterRegistry clusters() {
        return registry;
    }

    /**
     * Connects to the writer of the cluster the URL names; returns {@code null} for URLs that are not
     * {@code jdbc:aurora:} ones (the JDBC contract, so that DriverManager asks the next driver).
     */
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        RuntimeDependencies.require();
        try {
            AuroraConfig config = AuroraConfig.from(AuroraUrl.parse(url), info == null ? new Properties() : info);
            return registry.connect(config);
        } catch (LinkageError e) {
            // A jar the check above does not know of, or one that is there in an incompatible version: still an
            // SQLException, never an Error out of getConnection.
            throw new SQLNonTransientConnectionException("the jdbc:aurora: driver cannot load a class it needs: "
                    + RuntimeDependencies.describe(e), SqlStates.UNABLE_TO_CONNECT, e);
        }
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && AuroraUrl.acceptsUrl(url);
    }

    /** The driver's own properties (from {@link AuroraProperty}), with the values given in {@code info}. */
    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return AuroraProperty.propertyInfo(info == null ? new Properties() : info);
    }

    @Override
    public int getMajorVersion() {
        return 0;
    }

    @Override
    public int getMinorVersion() {
        return 1;
    }

    /** Not JDBC-compliant by the letter: the SQL support is the native driver's. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return PARENT_LOGGER;
    }
}
