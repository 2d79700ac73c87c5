package dev.aurorajdbc.driver;

import dev.aurorajdbc.routing.HostAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The database engine a {@code jdbc:aurora:} URL names, and what the driver must know about the native driver
 * that speaks to it: its URL scheme, default port, driver class, Maven artifact, how it treats URL parameters
 * against connection {@link java.util.Properties} and property names, and the unit of its timeouts. What the driver
 * asks the engine's servers is the engine's dialect's ({@code dev.aurorajdbc.driver.cluster.Dialect}).
 */
public enum Engine {
    /** PostgreSQL and Aurora PostgreSQL, through pgjdbc. */
    POSTGRESQL("postgresql", 5432, "org.postgresql.Driver", "org.postgresql:postgresql", false, false, Set.of(), true),
    /** MySQL and Aurora MySQL (and MariaDB speaking the MySQL protocol), through MySQL Connector/J. */
    MYSQL("mysql", 3306, "com.mysql.cj.jdbc.Driver", "com.mysql:mysql-connector-j", true, true,
            // Connector/J's PropertyKey with caseSensitive=false
            Set.of("user", "password", "host", "port", "protocol", "path", "type", "address", "priority", "dbname"),
            false);

    private final String scheme;
    private final int defaultPort;
    private final String nativeDriverClass;
    private final String nativeArtifact;
    private final boolean propertiesOverrideUrl;
    private final boolean acceptsUserInfo;
    private final Set<String> caseInsensitiveProperties;
    private final boolean timeoutsInSeconds;

    Engine(String scheme, int defaultPort, String nativeDriverClass, String nativeArtifact,
           boolean propertiesOverrideUrl, boolean acceptsUserInfo, Set<String> caseInsensitiveProperties,
           boolean timeoutsInSeconds) {
        this.scheme = scheme;
        this.defaultPort = defaultPort;
        this.nativeDriverClass = nativeDriverClass;
        this.nativeArtifact = nativeArtifact;
        this.propertiesOverrideUrl = propertiesOverrideUrl;
        this.acceptsUserInfo = acceptsUserInfo;
        this.caseInsensitiveProperties = caseInsensitiveProperties;
        this.timeoutsInSeconds = timeoutsInSeconds;
    }

    /** The engine part of the URL, lower case: {@code postgresql} in {@code jdbc:aurora:postgresql://…}. */
    public String scheme() {
        return scheme;
    }

    /** The port a host without an explicit port gets: 5432 or 3306. */
    public int defaultPort() {
        return defaultPort;
    }

    /** The native driver's {@code java.sql.Driver} class name. */
    public String nativeDriverClass() {
        return nativeDriverClass;
    }

    /** The Maven coordinates ({@code groupId:artifactId}) of the native driver, for "add it" messages. */
    public String nativeArtifact() {
        return nativeArtifact;
    }

    /**
     * Whether connection {@link java.util.Properties} win over URL parameters of the same name, as the native
     * driver decides: Connector/J lets the properties win; pgjdbc lets the URL win.
     */
    public boolean propertiesOverrideUrl() {
        return propertiesOverrideUrl;
    }

    /**
     * Whether the native driver accepts {@code user:password@} before the host list: Connector/J does (and lets
     * it win over both URL parameters and properties); pgjdbc does not.
     */
    public boolean acceptsUserInfo() {
        return acceptsUserInfo;
    }

    /**
     * The name under which the native driver reads the property {@code key}: Connector/J matches some of its keys
     * ignoring case ({@code user}, {@code password}, {@code host}, {@code port}, {@code dbname}, …), which are taken in
     * lower case; any other key, and every key of pgjdbc, as written.
     */
    String nativePropertyName(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return caseInsensitiveProperties.contains(lower) ? lower : key;
    }

    /**
     * A timeout of {@code millis} as the native driver's {@code connectTimeout} and {@code socketTimeout} take it:
     * pgjdbc counts whole seconds (rounded up), Connector/J milliseconds.
     */
    public String nativeTimeout(long millis) {
        return Long.toString(timeoutsInSeconds ? (millis + 999) / 1000 : millis);
    }

    /**
     * The engine whose {@link #scheme()} is {@code scheme}, ignoring case.
     *
     * @return the engine, or {@code null} when no engine has that scheme
     */
    public static Engine fromScheme(String scheme) {
        String s = scheme.toLowerCase(Locale.ROOT);
        for (Engine e : values()) {
            if (e.scheme.equals(s)) {
                return e;
            }
        }
        return null;
    }

    /**
     * The native driver's URL for one host: {@code jdbc:postgresql://host:5432/db} or
     * {@code jdbc:mysql://[::1]:3306/db}. The database name is percent-encoded; there are no parameters (pass them
     * as properties: {@link AuroraConfig#nativeProperties()}). An empty database gives a URL ending in {@code /},
     * which both native drivers read as "no database": the server's default applies.
     */
    public String nativeUrl(HostAddress host, String database) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        return "jdbc:" + scheme + "://" + host + "/" + percentEncode(database);
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (so '+' and ' ' survive both decoders). */
    static String percentEncode(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }
}
