package dev.aurorajdbc.testcluster;

import java.util.Locale;

/** The database engine a test cluster runs. */
public enum Engine {
    /** PostgreSQL physical streaming replication (Aurora PostgreSQL emulation). */
    POSTGRESQL("postgresql", 5432),
    /**
     * MySQL-compatible GTID replication; the server is MariaDB or Oracle MySQL 8 ({@link MySqlServer}: MariaDB by
     * default on the process backend, the image's server on the container backend).
     */
    MYSQL("mysql", 3306);

    private final String urlName;
    private final int defaultPort;

    Engine(String urlName, int defaultPort) {
        this.urlName = urlName;
        this.defaultPort = defaultPort;
    }

    /** The engine's name as it appears in JDBC URLs: {@code postgresql} or {@code mysql}. */
    public String urlName() {
        return urlName;
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Parses {@code postgresql}/{@code postgres}/{@code pg} or {@code mysql}/{@code mariadb}. */
    public static Engine parse(String text) {
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "postgresql": case "postgres": case "pg": return POSTGRESQL;
            case "mysql": case "mariadb": return MYSQL;
            default: throw new IllegalArgumentException("unknown engine '" + text + "': expected postgresql or mysql");
        }
    }
}
