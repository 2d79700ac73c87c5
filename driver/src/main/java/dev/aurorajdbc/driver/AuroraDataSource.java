package dev.aurorajdbc.driver;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for {@code jdbc:aurora:} URLs, usable directly and as HikariCP's {@code dataSourceClassName}
 * (its {@code dataSource.*} properties call the bean setters below). It connects through the registered
 * {@link AuroraDriver}, so its connections share cluster contexts (and monitor threads) with {@code DriverManager}
 * connections to the same cluster.
 *
 * <p>There is one setter per {@link AuroraProperty} ({@code AuroraDataSourceTest} keeps them in step); native
 * driver properties go in the URL or through {@link #setProperty(String, String)}. Values are validated when a
 * connection is made, with SQLState 22023 naming the bad value.
 */
public class AuroraDataSource implements DataSource {
    private final Properties properties = new Properties();
    private volatile String url;
    private volatile String user;
    private volatile String password;
    private volatile int loginTimeoutSeconds;
    private volatile PrintWriter logWriter;

    /** The {@code jdbc:aurora:} URL. */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getUrl() {
        return url;
    }

    public void setUser(String user) {
        this.user = user;
    }

    public String getUser() {
        return user;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    /** Sets any property, the driver's or the native driver's, as the URL's query string would; null removes it. */
    public void setProperty(String name, String value) {
        synchronized (properties) {
            if (value == null) {
                properties.remove(name);
            } else {
                properties.setProperty(name, value);
            }
        }
    }

    /** A property set on this data source, or null. */
    public String getProperty(String name) {
        synchronized (properties) {
            return properties.getProperty(name);
        }
    }

    private void set(AuroraProperty property, String value) {
        setProperty(property.propertyName(), value);
    }

    /** Sets {@code clusterInstanceHostPattern} (see {@link AuroraProperty#CLUSTER_INSTANCE_HOST_PATTERN}). */
    public void setClusterInstanceHostPattern(String value) {
        set(AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN, value);
    }

    /** Sets {@code topologySource} (see {@link AuroraProperty#TOPOLOGY_SOURCE}). */
    public void setTopologySource(String value) {
        set(AuroraProperty.TOPOLOGY_SOURCE, value);
    }

    /** Sets {@code auroraMetadataSchema} (see {@link AuroraProperty#AURORA_METADATA_SCHEMA}). */
    public void setAuroraMetadataSchema(String value) {
        set(AuroraProperty.AURORA_METADATA_SCHEMA, value);
    }

    /** Sets {@code clusterId} (see {@link AuroraProperty#CLUSTER_ID}). */
    public void setClusterId(String value) {
        set(AuroraProperty.CLUSTER_ID, value);
    }

    /** Sets {@code topologyRefreshMs} (see {@link AuroraProperty#TOPOLOGY_REFRESH_MS}). */
    public void setTopologyRefreshMs(long value) {
        set(AuroraProperty.TOPOLOGY_REFRESH_MS, String.valueOf(value));
    }

    /** Sets {@code topologyFastRefreshMs} (see {@link AuroraProperty#TOPOLOGY_FAST_REFRESH_MS}). */
    public void setTopologyFastRefreshMs(long value) {
        set(AuroraProperty.TOPOLOGY_FAST_REFRESH_MS, String.valueOf(value));
    }

    /** Sets {@code probeTimeoutMs} (see {@link AuroraProperty#PROBE_TIMEOUT_MS}). */
    public void setProbeTimeoutMs(long value) {
        set(AuroraProperty.PROBE_TIMEOUT_MS, String.valueOf(value));
    }

    /** Sets {@code hostProbeIntervalMs} (see {@link AuroraProperty#HOST_PROBE_INTERVAL_MS}). */
    public void setHostProbeIntervalMs(long value) {
        set(AuroraProperty.HOST_PROBE_INTERVAL_MS, String.valueOf(value));
    }

    /** Sets {@code stalledWriterGraceMs} (see {@link AuroraProperty#STALLED_WRITER_GRACE_MS}). */
    public void setStalledWriterGraceMs(long value) {
        set(AuroraProperty.STALLED_WRITER_GRACE_MS, String.valueOf(value));
    }

    /** Sets {@code connectTimeoutMs} (see {@link AuroraProperty#CONNECT_TIMEOUT_MS}). */
    public void setConnectTimeoutMs(long value) {
        set(AuroraProperty.CONNECT_TIMEOUT_MS, String.valueOf(value));
    }

    /** Sets {@code failoverTimeoutMs} (see {@link AuroraProperty#FAILOVER_TIMEOUT_MS}). */
    public void setFailoverTimeoutMs(long value) {
        set(AuroraProperty.FAILOVER_TIMEOUT_MS, String.valueOf(value));
    }

    /** Sets {@code monitorIdleTimeoutMs} (see {@link AuroraProperty#MONITOR_IDLE_TIMEOUT_MS}). */
    public void setMonitorIdleTimeoutMs(long value) {
        set(AuroraProperty.MONITOR_IDLE_TIMEOUT_MS, String.valueOf(value));
    }

    /** Sets {@code readerStrategy} (see {@link AuroraProperty#READER_STRATEGY}). */
    public void setReaderStrategy(String value) {
        set(AuroraProperty.READER_STRATEGY, value);
    }

    /** Sets {@code readWriteSplitting} (see {@link AuroraProperty#READ_WRITE_SPLITTING}). */
    public void setReadWriteSplitting(boolean value) {
        set(AuroraProperty.READ_WRITE_SPLITTING, String.valueOf(value));
    }

    /** Sets {@code readerFallback} (see {@link AuroraProperty#READER_FALLBACK}). */
    public void setReaderFallback(String value) {
        set(AuroraProperty.READER_FALLBACK, value);
    }

    /** Sets {@code maxReplicaLagMs} (see {@link AuroraProperty#MAX_REPLICA_LAG_MS}). */
    public void setMaxReplicaLagMs(long value) {
        set(AuroraProperty.MAX_REPLICA_LAG_MS, String.valueOf(value));
    }

    /** Sets {@code readerEndpoint} (see {@link AuroraProperty#READER_ENDPOINT}). */
    public void setReaderEndpoint(boolean value) {
        set(AuroraProperty.READER_ENDPOINT, String.valueOf(value));
    }

    /** Sets {@code readYourWrites} (see {@link AuroraProperty#READ_YOUR_WRITES}). */
    public void setReadYourWrites(boolean value) {
        set(AuroraProperty.READ_YOUR_WRITES, String.valueOf(value));
    }

    /** Sets {@code readYourWritesTimeoutMs} (see {@link AuroraProperty#READ_YOUR_WRITES_TIMEOUT_MS}). */
    public void setReadYourWritesTimeoutMs(long value) {
        set(AuroraProperty.READ_YOUR_WRITES_TIMEOUT_MS, String.valueOf(value));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        String u = url;
        if (u == null || !AuroraUrl.acceptsUrl(u)) {
            throw new SQLException("AuroraDataSource needs a jdbc:aurora:postgresql:// or jdbc:aurora:mysql:// URL (setUrl), got "
                    + (u == null ? "none" : "'" + u + "'"), SqlStates.UNABLE_TO_CONNECT);
        }
        Properties info = new Properties();
        synchronized (properties) {
            info.putAll(properties);
        }
        if (username != null) {
            info.setProperty("user", username);
        }
        if (pass != null) {
            info.setProperty("password", pass);
        }
        int login = loginTimeoutSeconds;
        if (login > 0 && !info.containsKey(AuroraProperty.CONNECT_TIMEOUT_MS.propertyName())) {
            info.setProperty(AuroraProperty.CONNECT_TIMEOUT_MS.propertyName(), Long.toString(login * 1000L));
        }
        return AuroraDriver.registered().connect(u, info);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    /** Kept for the DataSource contract; the driver logs through java.util.logging ({@code dev.aurorajdbc}). */
    @Override
    public void setLogWriter(PrintWriter out) {
        this.logWriter = out;
    }

    /** Seconds; when set, the default of {@code connectTimeoutMs}. */
    @Override
    public void setLoginTimeout(int seconds) {
        this.loginTimeoutSeconds = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeoutSeconds;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return Logger.getLogger("dev.aurorajdbc");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface == null) {
            throw new SQLException("unwrap: the interface is null", SqlStates.INVALID_PARAMETER_VALUE);
        }
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("AuroraDataSource does not wrap " + iface.getName(), SqlStates.INVALID_PARAMETER_VALUE);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        if (iface == null) {
            return false;
        }
        return iface.isInstance(this);
    }

    /** The URL (passwords masked) and the user; never a password. */
    @Override
    public String toString() {
        String u = url;
        String shown;
        try {
            shown = u == null ? "no URL" : AuroraUrl.parse(u).toString();
        } catch (SQLException e) {
            shown = "an invalid URL";
        }
        return "AuroraDataSource[" + shown + ", user=" + user + "]";
    }
}
