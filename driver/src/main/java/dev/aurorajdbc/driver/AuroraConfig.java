package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.AuroraProperty.ReaderStrategy;
import dev.aurorajdbc.driver.AuroraProperty.TopologySource;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.InstanceHostPattern;
import java.sql.SQLException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated configuration of one {@code jdbc:aurora:} connection request: the parsed URL, the typed values of
 * every {@link AuroraProperty}, and the properties meant for the native driver. Built once per
 * {@code connect}; immutable.
 *
 * <p><b>Precedence</b> follows the native driver of the engine, for the driver's own properties as for the
 * native ones, so that a setting wins where the user of that native driver expects it to:
 * <ul>
 *   <li>PostgreSQL (pgjdbc): URL parameters win over connection properties.</li>
 *   <li>MySQL (Connector/J): connection properties win over URL parameters, and {@code user:password@} in the
 *       URL wins over both. Connector/J's case-insensitive keys ({@code user}, {@code password}, {@code host},
 *       {@code port}, {@code dbname}, …) are merged in any case under their canonical name, as Connector/J
 *       does.</li>
 * </ul>
 * Property names are otherwise case-sensitive, as both natives treat them. A name that looks like a misspelling
 * of one of the driver's own properties, and that the native driver does not know, is refused
 * ({@link MisspelledProperties}): it would otherwise reach the native driver and be ignored silently.
 *
 * <p>{@link #toString()} masks every value whose name contains {@code password}, {@code passwd} or
 * {@code secret}.
 */
public final class AuroraConfig {
    private final AuroraUrl url;
    private final Map<AuroraProperty, Object> values;
    private final Set<AuroraProperty> given;
    private final Map<String, String> nativeProperties;
    private final boolean socketTimeoutForHandshakeOnly;

    private AuroraConfig(AuroraUrl url, Map<AuroraProperty, Object> values, Set<AuroraProperty> given,
                         Map<String, String> nativeProperties, boolean socketTimeoutForHandshakeOnly) {
        this.url = url;
        this.values = values;
        this.given = given;
        this.nativeProperties = nativeProperties;
        this.socketTimeoutForHandshakeOnly = socketTimeoutForHandshakeOnly;
    }

    /**
     * Merges the URL's parameters with {@code info} (see the class comment for precedence), validates every
     * property the driver owns and keeps the rest for the native driver.
     *
     * @param url  the parsed URL
     * @param info the caller's connection properties ({@code DriverManager.getConnection(url, info)}); may be
     *             null; only String-valued entries count (those {@link Properties#getProperty} sees)
     * @throws SQLException SQLState {@code 22023} naming the property and the offending value when a value is
     *                      invalid, two values contradict each other, or a name that neither the driver nor the
     *                      native driver has is close to one of ours ({@link MisspelledProperties})
     */
    public static AuroraConfig from(AuroraUrl url, Properties info) throws SQLException {
        Objects.requireNonNull(url, "url");
        Engine engine = url.engine();
        Map<String, String> fromInfo = new LinkedHashMap<>();
        if (info != null) {
            for (String key : new TreeSet<>(info.stringPropertyNames())) {
                fromInfo.put(key, info.getProperty(key));
            }
        }
        Map<String, String> merged = new LinkedHashMap<>();
        if (engine.propertiesOverrideUrl()) {
            putAll(merged, url.parameters(), engine);
            putAll(merged, fromInfo, engine);
        } else {
            putAll(merged, fromInfo, engine);
            putAll(merged, url.parameters(), engine);
        }
        if (url.user().isPresent()) {
            merged.put("user", url.user().get());
        }
        if (url.password().isPresent()) {
            merged.put("password", url.password().get());
        }

        Map<AuroraProperty, Object> values = new EnumMap<>(AuroraProperty.class);
        Set<AuroraProperty> given = EnumSet.noneOf(AuroraProperty.class);
        Map<String, String> nativeProperties = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : merged.entrySet()) {
            String key = e.getKey();
            AuroraProperty p = AuroraProperty.forName(key);
            if (p != null) {
                Object value = p.parse(e.getValue());
                if (value != null) {
                    values.put(p, value);
                    given.add(p);
                }
                continue;
            }
            MisspelledProperties.check(key, engine);
            nativeProperties.put(key, e.getValue());
        }
        for (AuroraProperty p : AuroraProperty.values()) {
            if (!values.containsKey(p)) {
                Object value = p.parsedDefault();
                if (value != null) {
                    values.put(p, value);
                }
            }
        }

        if (!given.contains(AuroraProperty.READER_ENDPOINT)
                && InstanceHostPattern.isRdsReaderEndpoint(url.hosts().get(0).host())) {
            values.put(AuroraProperty.READER_ENDPOINT, Boolean.TRUE); // the URL names the reader endpoint: mean it
        }

        long refresh = (Long) values.get(AuroraProperty.TOPOLOGY_REFRESH_MS);
        long fast = (Long) values.get(AuroraProperty.TOPOLOGY_FAST_REFRESH_MS);
        if (fast > refresh) {
            throw new SQLException("Invalid value '" + fast + "' for property topologyFastRefreshMs: it must not"
                    + " exceed topologyRefreshMs (" + refresh + ")", SqlStates.INVALID_PARAMETER_VALUE);
        }
        TopologySource source = (TopologySource) values.get(AuroraProperty.TOPOLOGY_SOURCE);
        if (!source.fits(engine)) {
            throw new SQLException("Invalid value '" + source.value() + "' for property topologySource: it does"
                    + " not fit a jdbc:aurora:" + engine.scheme() + ": URL", SqlStates.INVALID_PARAMETER_VALUE);
        }

        refuseNativeReconnects(engine, nativeProperties);
        boolean handshakeOnly = applyConnectTimeout(engine, (Long) values.get(AuroraProperty.CONNECT_TIMEOUT_MS), nativeProperties);
        return new AuroraConfig(url, Collections.unmodifiableMap(values), Collections.unmodifiableSet(given),
                Collections.unmodifiableMap(nativeProperties), handshakeOnly);
    }

    /**
     * Refuses Connector/J's {@code autoReconnect=true}: it retries each host {@code maxReconnects} times
     * {@code initialTimeout} seconds apart (about 4 s per refusing host by default) whatever {@code connectTimeoutMs}
     * says, so a connect was no longer bounded by it, and it reconnects a broken connection by itself to the host it
     * had, which after a failover is no longer the writer. The driver reconnects and fails over by itself.
     */
    private static void refuseNativeReconnects(Engine engine, Map<String, String> nativeProperties) throws SQLException {
        String value = nativeProperties.get("autoReconnect");
        if (engine == Engine.MYSQL && value != null
                && (value.strip().equalsIgnoreCase("true") || value.strip().equalsIgnoreCase("yes"))) {
            throw new SQLException("Invalid value '" + value + "' for Connector/J's property autoReconnect: the jdbc:aurora:"
                    + " driver reconnects and fails over by itself; Connector/J's autoReconnect would retry each host for"
                    + " seconds regardless of connectTimeoutMs and reconnect to a host that may no longer be the writer."
                    + " Remove it", SqlStates.INVALID_PARAMETER_VALUE);
        }
    }

    private static void putAll(Map<String, String> target, Map<String, String> source, Engine engine) {
        for (Map.Entry<String, String> e : source.entrySet()) {
            target.put(engine.nativePropertyName(e.getKey()), e.getValue());
        }
    }

    /**
     * Sets the native connect timeouts the user did not set, from {@code connectTimeoutMs}. A native
     * {@code connectTimeout} bounds only the TCP connect, not the handshake (a server that accepts and never answers
     * hangs it), and neither driver bounds the role query that follows the connect, so when the user set no
     * {@code socketTimeout} it gets one for the connect too: it bounds every read of the handshake. pgjdbc's
     * {@code loginTimeout} is not set: it runs each connect on a new thread (about 0.8 ms per open measured here, and
     * the thread stays blocked on a hung server after the caller gave up); a user who sets it gets it.
     *
     * @return whether that socket timeout is for the handshake only (to be cleared once connected)
     */
    private static boolean applyConnectTimeout(Engine engine, long millis, Map<String, String> nativeProperties) {
        String timeout = engine.nativeTimeout(millis); // pgjdbc: whole seconds, rounded up; Connector/J: milliseconds
        nativeProperties.putIfAbsent("connectTimeout", timeout);
        return nativeProperties.putIfAbsent("socketTimeout", timeout) == null;
    }

    /**
     * Whether {@link #nativeProperties()} carries a {@code socketTimeout} only to bound the connect (the user set
     * none): the caller clears it on the new connection ({@code setNetworkTimeout(executor, 0)}).
     */
    public boolean socketTimeoutForHandshakeOnly() {
        return socketTimeoutForHandshakeOnly;
    }

    /** The parsed URL. */
    public AuroraUrl url() {
        return url;
    }

    /** The URL's engine. */
    public Engine engine() {
        return url.engine();
    }

    /** The URL's hosts, in URL order. */
    public List<HostAddress> hosts() {
        return url.hosts();
    }

    /** The URL's database; empty for the server's default. */
    public String database() {
        return url.database();
    }

    /** Whether the user gave {@code property} (in the URL or the properties) rather than leaving the default. */
    public boolean isGiven(AuroraProperty property) {
        return given.contains(property);
    }

    /**
     * The properties for the native driver, a fresh copy on each call: every merged entry the driver does not
     * own, unchanged (including {@code user} and {@code password}, from the URL's user info for MySQL), plus the
     * connect timeouts derived from {@code connectTimeoutMs} where the user set none: {@code connectTimeout} and a
     * {@code socketTimeout} for the handshake (pgjdbc: seconds, rounded up; Connector/J: milliseconds).
     */
    public Properties nativeProperties() {
        Properties p = new Properties();
        for (Map.Entry<String, String> e : nativeProperties.entrySet()) {
            p.setProperty(e.getKey(), e.getValue());
        }
        return p;
    }

    /** Whether {@code other} logs in the same way: the same database and native properties (credentials included). */
    public boolean sameLogin(AuroraConfig other) {
        return other == this || database().equals(other.database()) && nativeProperties.equals(other.nativeProperties);
    }

    /** {@code clusterInstanceHostPattern}: the instance host pattern with one {@code ?}, if given. */
    public Optional<String> clusterInstanceHostPattern() {
        return Optional.ofNullable((String) values.get(AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN));
    }

    /** {@code topologySource}; always fits {@link #engine()}. */
    public TopologySource topologySource() {
        return (TopologySource) values.get(AuroraProperty.TOPOLOGY_SOURCE);
    }

    /** {@code auroraMetadataSchema}: a plain identifier, safe to write into SQL unquoted. */
    public String auroraMetadataSchema() {
        return (String) values.get(AuroraProperty.AURORA_METADATA_SCHEMA);
    }

    /** {@code clusterId}: the user's cluster identity, if given. */
    public Optional<String> clusterId() {
        return Optional.ofNullable((String) values.get(AuroraProperty.CLUSTER_ID));
    }

    /** {@code topologyRefreshMs}, at least 100. */
    public long topologyRefreshMs() {
        return millis(AuroraProperty.TOPOLOGY_REFRESH_MS);
    }

    /** {@code topologyFastRefreshMs}, at least 10 and at most {@link #topologyRefreshMs()}. */
    public long topologyFastRefreshMs() {
        return millis(AuroraProperty.TOPOLOGY_FAST_REFRESH_MS);
    }

    /** {@code probeTimeoutMs}, at least 1. */
    public long probeTimeoutMs() {
        return millis(AuroraProperty.PROBE_TIMEOUT_MS);
    }

    /** {@code hostProbeIntervalMs}. */
    public long hostProbeIntervalMs() {
        return millis(AuroraProperty.HOST_PROBE_INTERVAL_MS);
    }

    /** {@code stalledWriterGraceMs}, at least 0. */
    public long stalledWriterGraceMs() {
        return millis(AuroraProperty.STALLED_WRITER_GRACE_MS);
    }

    /** {@code connectTimeoutMs}, at least 1 (already applied to {@link #nativeProperties()}). */
    public long connectTimeoutMs() {
        return millis(AuroraProperty.CONNECT_TIMEOUT_MS);
    }

    /** {@code failoverTimeoutMs}, at least 1. */
    public long failoverTimeoutMs() {
        return millis(AuroraProperty.FAILOVER_TIMEOUT_MS);
    }

    /** {@code monitorIdleTimeoutMs}, at least 0. */
    public long monitorIdleTimeoutMs() {
        return millis(AuroraProperty.MONITOR_IDLE_TIMEOUT_MS);
    }

    /** {@code readerStrategy}. */
    public ReaderStrategy readerStrategy() {
        return (ReaderStrategy) values.get(AuroraProperty.READER_STRATEGY);
    }

    /** {@code readWriteSplitting}. */
    public boolean readWriteSplitting() {
        return (Boolean) values.get(AuroraProperty.READ_WRITE_SPLITTING);
    }

    /** {@code readerFallback}. */
    public AuroraProperty.ReaderFallback readerFallback() {
        return (AuroraProperty.ReaderFallback) values.get(AuroraProperty.READER_FALLBACK);
    }

    /** {@code readYourWritesTimeoutMs}. */
    public long readYourWritesTimeoutMs() {
        return millis(AuroraProperty.READ_YOUR_WRITES_TIMEOUT_MS);
    }

    /** {@code maxReplicaLagMs}; 0 means no limit. */
    public long maxReplicaLagMs() {
        return millis(AuroraProperty.MAX_REPLICA_LAG_MS);
    }

    /** {@code readerEndpoint}. */
    public boolean readerEndpoint() {
        return (Boolean) values.get(AuroraProperty.READER_ENDPOINT);
    }

    /** {@code readYourWrites}. */
    public boolean readYourWrites() {
        return (Boolean) values.get(AuroraProperty.READ_YOUR_WRITES);
    }

    /** The typed value of {@code property} (see {@link AuroraProperty#parse}), {@code null} when unset. */
    Object value(AuroraProperty property) {
        return values.get(property);
    }

    private long millis(AuroraProperty property) {
        return (Long) values.get(property);
    }

    /** The configuration for logs, secrets masked. */
    @Override
    public String toString() {
        Map<String, String> own = new LinkedHashMap<>();
        for (Map.Entry<AuroraProperty, Object> e : values.entrySet()) {
            Object v = e.getValue();
            own.put(e.getKey().propertyName(), v instanceof AuroraProperty.Choice c ? c.value() : String.valueOf(v));
        }
        return "AuroraConfig[url=" + url + ", properties=" + own + ", native="
                + AuroraUrl.masked(nativeProperties) + "]";
    }
}
