package dev.aurorajdbc.driver;

import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * Every property the driver owns: its name (as written in the URL or the connection properties), default,
 * one-line description, choices and the typed check of its value. This enum is the single source of truth:
 * {@link #propertyInfo(Properties)} (hence {@code Driver.getPropertyInfo}), {@link AuroraConfig} and the README
 * table ({@link PropertyTable}) come from it. Every property not listed here belongs to the native driver and is
 * passed to it unchanged.
 *
 * <p>To add a property: add a constant here (its default must pass its own check; {@code AuroraPropertyTest}
 * verifies that), a typed getter to {@link AuroraConfig}, and regenerate the README table (see
 * {@link PropertyTable}).
 */
public enum AuroraProperty {
    /** The host of each instance, {@code ?} standing for the instance id. */
    CLUSTER_INSTANCE_HOST_PATTERN("clusterInstanceHostPattern", null,
            "Host of each cluster instance, '?' standing for the instance id (?.xyz.us-east-1.rds.amazonaws.com,"
                    + " 127.0.0.?); needed when the URL uses IP addresses or a custom domain. Reported hosts outside"
                    + " it are ignored",
            Type.HOST_PATTERN),
    /** Where the topology comes from. */
    TOPOLOGY_SOURCE("topologySource", "auto",
            "Where the cluster's topology is read from; auto detects it on the first connection",
            Type.choice(TopologySource.values())),
    /** Aurora MySQL: the schema of {@code replica_host_status}. */
    AURORA_METADATA_SCHEMA("auroraMetadataSchema", "information_schema",
            "Aurora MySQL: the schema holding replica_host_status (ignored for PostgreSQL)",
            Type.IDENTIFIER),
    /** An explicit cluster identity. */
    CLUSTER_ID("clusterId", null,
            "The cluster's identity, overriding the detected one; connections with the same id share one monitor",
            Type.TEXT),
    /** Calm refresh interval. */
    TOPOLOGY_REFRESH_MS("topologyRefreshMs", "30000",
            "Milliseconds between topology refreshes while the cluster is healthy",
            Type.millis(100)),
    /** Refresh interval while a failure is suspected. */
    TOPOLOGY_FAST_REFRESH_MS("topologyFastRefreshMs", "100",
            "Milliseconds between topology refreshes while a failure is suspected; at most topologyRefreshMs",
            Type.millis(10)),
    /** Health probe timeout. */
    PROBE_TIMEOUT_MS("probeTimeoutMs", "1000",
            "Milliseconds a host has to answer a health probe before it counts as down (the writer: when a second"
                    + " probe on a new connection does not answer either)",
            Type.millis(1)),
    /** How often the writer's health is probed. */
    HOST_PROBE_INTERVAL_MS("hostProbeIntervalMs", "500",
            "Milliseconds between the monitor's probes of the writer (a role query with probeTimeoutMs); a demoted"
                    + " writer is found within this interval plus probeTimeoutMs, a hung one within this interval plus"
                    + " twice probeTimeoutMs",
            Type.millis(10)),
    /** How long the connections on an unresponsive writer are kept. */
    STALLED_WRITER_GRACE_MS("stalledWriterGraceMs", "10000",
            "Milliseconds the connections on a writer lost for not answering probes in time (a hang, a network cut, a"
                    + " stall) are kept in case it answers again: they are aborted as soon as another member answers as"
                    + " the writer, else after this grace. A writer that refuses or resets a probe, or answers as a"
                    + " replica, has its connections aborted at once; 0 aborts them as soon as the writer is lost",
            Type.millis(0)),
    /** Connect timeout handed to the native driver. */
    CONNECT_TIMEOUT_MS("connectTimeoutMs", "10000",
            "Connect timeout in milliseconds, given to the native driver where its own setting is not set: as"
                    + " connectTimeout (the TCP connect) and, for the handshake and the role check only, socketTimeout"
                    + " (each read); pgjdbc's loginTimeout is passed on when given, not set (with its default"
                    + " sslmode=prefer, a server that accepts and never answers costs two such reads: pgjdbc tries"
                    + " again without TLS)",
            Type.millis(1)),
    /** Failover wait bound. */
    FAILOVER_TIMEOUT_MS("failoverTimeoutMs", "60000",
            "Milliseconds a connection waits for a new writer before failing with SQLState 08001",
            Type.millis(1)),
    /** Monitor grace period. */
    MONITOR_IDLE_TIMEOUT_MS("monitorIdleTimeoutMs", "30000",
            "Milliseconds a cluster's monitor keeps running after its last connection closed",
            Type.millis(0)),
    /** How readers are chosen. */
    READER_STRATEGY("readerStrategy", "round-robin",
            "How a read-only connection chooses its replica",
            Type.choice(ReaderStrategy.values())),
    /** Read/write splitting. */
    READ_WRITE_SPLITTING("readWriteSplitting", "false",
            "setReadOnly(true) moves the connection to a replica chosen by readerStrategy (kept for reuse),"
                    + " setReadOnly(false) back to the writer; never inside a transaction",
            Type.BOOLEAN),
    /** What a read-only connection does when no replica is eligible. */
    READER_FALLBACK("readerFallback", "writer",
            "When no replica is eligible (all down or lagging over maxReplicaLagMs): read on the writer, or wait"
                    + " up to connectTimeoutMs for a replica and then fail with 08001",
            Type.choice(ReaderFallback.values())),
    /** Replica lag bound for reads. */
    MAX_REPLICA_LAG_MS("maxReplicaLagMs", "0",
            "Replicas lagging more milliseconds than this are not chosen for reads; 0: no limit",
            Type.millis(0)),
    /** Use the cluster's reader endpoint. */
    READER_ENDPOINT("readerEndpoint", "false",
            "Every new connection is a read-only connection to a replica chosen by readerStrategy, as through"
                    + " Aurora's reader endpoint; true unless set when the URL's first host is a reader endpoint"
                    + " (mydb.cluster-ro-...)",
            Type.BOOLEAN),
    /** Read-your-writes consistency. */
    READ_YOUR_WRITES("readYourWrites", "false",
            "After a connection wrote, its next read-only period waits (up to readYourWritesTimeoutMs) until its"
                    + " replica has replayed the write (PostgreSQL WAL position, MySQL/MariaDB GTID), else reads on the"
                    + " writer",
            Type.BOOLEAN),
    /** Read-your-writes wait bound. */
    READ_YOUR_WRITES_TIMEOUT_MS("readYourWritesTimeoutMs", "1000",
            "Milliseconds a read-your-writes switch waits for the replica to replay the connection's writes before"
                    + " it reads on the writer instead",
            Type.millis(0));

    private static final Map<String, AuroraProperty> BY_NAME = new HashMap<>();
    private static final Map<String, AuroraProperty> BY_LOWER_CASE_NAME = new HashMap<>();

    static {
        for (AuroraProperty p : values()) {
            BY_NAME.put(p.propertyName, p);
            BY_LOWER_CASE_NAME.put(p.propertyName.toLowerCase(Locale.ROOT), p);
        }
    }

    private final String propertyName;
    private final String defaultValue;
    private final String description;
    private final Type type;

    AuroraProperty(String propertyName, String defaultValue, String description, Type type) {
        this.propertyName = propertyName;
        this.defaultValue = defaultValue;
        this.description = description;
        this.type = type;
    }

    /** The name as written in the URL and in connection properties, camelCase; names are case-sensitive. */
    public String propertyName() {
        return propertyName;
    }

    /** The default, as text; {@code null} when the property is optional and unset by default. */
    public String defaultValue() {
        return defaultValue;
    }

    /** One line for {@code getPropertyInfo} and the README. */
    public String description() {
        return description;
    }

    /** The allowed values of an enumerated or boolean property (a fresh array), else {@code null}. */
    public String[] choices() {
        String[] choices = type.choices();
        return choices == null ? null : choices.clone();
    }

    /** What values are allowed, in a few words, for the README: the choices, or the range and unit. */
    public String allowedValues() {
        return type.summary();
    }

    /**
     * Checks {@code text} and turns it into the typed value: {@link Long} for milliseconds, {@link Boolean},
     * {@link TopologySource}, {@link ReaderStrategy}, or {@link String}. Surrounding whitespace is ignored;
     * choices and booleans ignore case. An empty text of a property without default means unset: {@code null}.
     *
     * @throws SQLException SQLState {@code 22023}, naming the property and the offending value
     */
    public Object parse(String text) throws SQLException {
        Objects.requireNonNull(text, "text");
        String t = text.strip();
        if (t.isEmpty() && defaultValue == null) {
            return null;
        }
        return type.parse(this, t);
    }

    /** The typed default; {@code null} when there is none. */
    Object parsedDefault() throws SQLException {
        return defaultValue == null ? null : parse(defaultValue);
    }

    /** The property of this exact name, or {@code null} when the driver does not own the name. */
    public static AuroraProperty forName(String name) {
        return BY_NAME.get(name);
    }

    /** The property whose name equals {@code name} ignoring case, or {@code null}: for "did you mean" errors. */
    static AuroraProperty forNameIgnoringCase(String name) {
        return BY_LOWER_CASE_NAME.get(name.toLowerCase(Locale.ROOT));
    }

    /**
     * One {@link DriverPropertyInfo} per property, in declaration order, for {@code Driver.getPropertyInfo}: the
     * value given in {@code given} (as is, not checked), else the default; description and choices from the enum;
     * none is required.
     *
     * @param given the properties known so far (URL parameters merged with the caller's); may be null
     */
    public static DriverPropertyInfo[] propertyInfo(Properties given) {
        AuroraProperty[] all = values();
        DriverPropertyInfo[] infos = new DriverPropertyInfo[all.length];
        for (int i = 0; i < all.length; i++) {
            AuroraProperty p = all[i];
            String value = given == null ? null : given.getProperty(p.propertyName);
            DriverPropertyInfo info = new DriverPropertyInfo(p.propertyName, value != null ? value : p.defaultValue);
            info.description = p.description;
            info.choices = p.choices();
            info.required = false;
            infos[i] = info;
        }
        return infos;
    }

    SQLException invalid(String text, String expected) {
        String shown = AuroraUrl.mustMask(propertyName, text) ? AuroraUrl.MASK : "'" + text + "'";
        return new SQLException("Invalid value " + shown + " for property " + propertyName + ": expected "
                + expected, SqlStates.INVALID_PARAMETER_VALUE);
    }

    /** A value among fixed choices, named as in the URL. */
    interface Choice {
        /** The name as written in the URL, lower case. */
        String value();
    }

    /** Where the topology of a cluster is read from ({@link #TOPOLOGY_SOURCE}). */
    public enum TopologySource implements Choice {
        /** Detected on the first connection: Aurora metadata if present, else the replication views. */
        AUTO("auto", null),
        /** Aurora PostgreSQL: {@code aurora_replica_status()}. */
        AURORA_POSTGRESQL("aurora-postgresql", Engine.POSTGRESQL),
        /** Aurora MySQL: {@code information_schema.replica_host_status}. */
        AURORA_MYSQL("aurora-mysql", Engine.MYSQL),
        /** Self-managed PostgreSQL streaming replication. */
        POSTGRESQL_STREAMING("postgresql-streaming", Engine.POSTGRESQL),
        /** Self-managed MySQL or MariaDB replication. */
        MYSQL_REPLICATION("mysql-replication", Engine.MYSQL),
        /** The URL's hosts, their roles probed. */
        STATIC("static", null);

        private final String value;
        private final Engine engine;

        TopologySource(String value, Engine engine) {
            this.value = value;
            this.engine = engine;
        }

        @Override
        public String value() {
            return value;
        }

        /** Whether this source can serve a cluster of {@code engine}. */
        public boolean fits(Engine engine) {
            return this.engine == null || this.engine == engine;
        }
    }

    /** How a read-only connection chooses its replica ({@link #READER_STRATEGY}). */
    public enum ReaderStrategy implements Choice {
        /** Each new reader connection takes the next replica. */
        ROUND_ROBIN("round-robin"),
        /** A replica chosen at random. */
        RANDOM("random"),
        /** The replica with the fewest connections of this driver. */
        LEAST_CONNECTIONS("least-connections"),
        /** The replica with the lowest probe latency. */
        LOWEST_LATENCY("lowest-latency");

        private final String value;

        ReaderStrategy(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    /** What a read-only connection does when no replica is eligible. */
    public enum ReaderFallback implements Choice {
        /** Read on the writer. */
        WRITER("writer"),
        /** Wait for a replica, up to connectTimeoutMs. */
        WAIT("wait");

        private final String value;

        ReaderFallback(String value) {
            this.value = value;
        }

        @Override
        public String value() {
            return value;
        }
    }

    /** How a property's text is checked and turned into a value. */
    abstract static class Type {
        static final Type BOOLEAN = new Type() {
            @Override
            Object parse(AuroraProperty p, String text) throws SQLException {
                if (text.equalsIgnoreCase("true")) {
                    return Boolean.TRUE;
                }
                if (text.equalsIgnoreCase("false")) {
                    return Boolean.FALSE;
                }
                throw p.invalid(text, "true or false");
            }

            @Override
            String[] choices() {
                return new String[] {"true", "false"};
            }

            @Override
            String summary() {
                return "true, false";
            }
        };

        /** Free text. */
        static final Type TEXT = new Type() {
            @Override
            Object parse(AuroraProperty p, String text) {
                return text;
            }

            @Override
            String summary() {
                return "text";
            }
        };

        /** An unquoted SQL identifier, safe to write into a query. */
        static final Type IDENTIFIER = new Type() {
            @Override
            Object parse(AuroraProperty p, String text) throws SQLException {
                boolean ok = !text.isEmpty() && text.length() <= 64 && !(text.charAt(0) >= '0' && text.charAt(0) <= '9');
                for (int i = 0; ok && i < text.length(); i++) {
                    char c = text.charAt(i);
                    ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$';
                }
                if (!ok) {
                    throw p.invalid(text, "an unquoted identifier (letters, digits, _ and $, not starting with a"
                            + " digit, at most 64 characters)");
                }
                return text;
            }

            @Override
            String summary() {
                return "SQL identifier";
            }
        };

        /** A host name with exactly one {@code ?}. */
        static final Type HOST_PATTERN = new Type() {
            @Override
            Object parse(AuroraProperty p, String text) throws SQLException {
                try {
                    dev.aurorajdbc.routing.InstanceHostPattern.parse(text);
                } catch (IllegalArgumentException e) {
                    throw p.invalid(text, "a host with exactly one '?' standing for the instance id, e.g."
                            + " ?.xyz.us-east-1.rds.amazonaws.com or 127.0.0.? (" + e.getMessage() + ")");
                }
                return text;
            }

            @Override
            String summary() {
                return "host name with one `?`";
            }
        };

        /** Whole milliseconds from {@code min} to {@link Integer#MAX_VALUE}, as a {@link Long}. */
        static Type millis(long min) {
            return new Type() {
                @Override
                Object parse(AuroraProperty p, String text) throws SQLException {
                    long value = -1;
                    if (!text.isEmpty() && text.length() <= 10 && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        value = Long.parseLong(text);
                    }
                    if (value < min || value > Integer.MAX_VALUE) {
                        throw p.invalid(text, "whole milliseconds from " + min + " to " + Integer.MAX_VALUE);
                    }
                    return value;
                }

                @Override
                String summary() {
                    return "ms, >= " + min;
                }
            };
        }

        /** One of {@code values}, by {@link Choice#value()}, ignoring case. */
        static <E extends Enum<E> & Choice> Type choice(E[] values) {
            return new Type() {
                @Override
                Object parse(AuroraProperty p, String text) throws SQLException {
                    String t = text.toLowerCase(Locale.ROOT);
                    for (E e : values) {
                        if (e.value().equals(t)) {
                            return e;
                        }
                    }
                    throw p.invalid(text, "one of " + summary());
                }

                @Override
                String[] choices() {
                    String[] names = new String[values.length];
                    for (int i = 0; i < values.length; i++) {
                        names[i] = values[i].value();
                    }
                    return names;
                }

                @Override
                String summary() {
                    return String.join(", ", choices());
                }
            };
        }

        /**
         * Checks the stripped, non-empty-or-required text.
         *
         * @throws SQLException SQLState {@code 22023} via {@link AuroraProperty#invalid}
         */
        abstract Object parse(AuroraProperty p, String text) throws SQLException;

        /** The allowed values for {@link DriverPropertyInfo#choices}, or {@code null} when not enumerable. */
        String[] choices() {
            return null;
        }

        /** The allowed values in a few words, for the README. */
        abstract String summary();
    }
}
