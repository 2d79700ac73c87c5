package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.routing.HostRole;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.util.Locale;

/**
 * What pgjdbc learned from the server at start-up. A class of its own so that pgjdbc's types are loaded only for
 * PostgreSQL clusters (pgjdbc is an optional dependency: a MySQL application does not have it).
 */
final class PostgresStartup {
    private PostgresStartup() {
    }

    /**
     * The role the server announced at start-up in {@code in_hot_standby} (PostgreSQL 14 and later; pgjdbc keeps
     * every parameter the server reports), or null when it announced none or the connection is not pgjdbc's.
     */
    static HostRole announcedRole(Connection physical) {
        if (!(physical instanceof PGConnection pg)) {
            return null;
        }
        String inHotStandby = pg.getParameterStatus("in_hot_standby");
        if (inHotStandby == null) {
            return null;
        }
        return switch (inHotStandby.toLowerCase(Locale.ROOT)) {
            case "on" -> HostRole.READER;
            case "off" -> HostRole.WRITER;
            default -> null;
        };
    }
}
