package dev.aurorajdbc.testcluster;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Which server runs the nodes of an {@link Engine#MYSQL} cluster. On the process backend it is chosen, in this order,
 * by {@link TestCluster.Builder#mysqlServer(MySqlServer)}, the system property {@value #PROPERTY}, the environment
 * variable {@value #ENVIRONMENT}, else {@link #MARIADB}. On the container backend the image decides: the server binary
 * in the node's container is asked for its version (an explicit choice only picks which image setting applies, and
 * a mismatch with the image is an error).
 */
public enum MySqlServer {
    /** MariaDB (10.11 or later): GTID replication with {@code MASTER_USE_GTID}, built-in semi-synchronous replication. */
    MARIADB,
    /**
     * Oracle MySQL 8.0.30 or later (8.4 and 9.x included): {@code gtid_mode=ON} replication with
     * {@code SOURCE_AUTO_POSITION}, semi-synchronous replication through the {@code semisync_source}/{@code semisync_replica}
     * plugins when the server has them.
     */
    MYSQL;

    /** The system property that chooses the server of MySQL clusters on the process backend: {@code mysql} or {@code mariadb}. */
    public static final String PROPERTY = "aurora.testcluster.mysql.server";
    /** The environment variable that chooses it when the system property is not set. */
    public static final String ENVIRONMENT = "AURORA_TESTCLUSTER_MYSQL_SERVER";

    /** The choice of this JVM's settings (system property, else environment variable), {@code null} when neither is set. */
    public static MySqlServer configured() {
        return configured(System::getProperty, System::getenv);
    }

    static MySqlServer configured(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return EnumSetting.configured(MySqlServer.class, "MySQL server", PROPERTY, ENVIRONMENT, properties, environment, null);
    }

    /** Parses {@code mysql} or {@code mariadb} (any case, surrounding blanks ignored). */
    public static MySqlServer parse(String value) {
        return EnumSetting.parse(MySqlServer.class, "MySQL server", value);
    }

    /** The lower-case name, as in the property and the CLI. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
