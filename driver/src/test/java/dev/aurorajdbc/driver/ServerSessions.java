package dev.aurorajdbc.driver;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** What the cluster's writer sees of the application's sessions, asked as its admin. */
public final class ServerSessions {
    private ServerSessions() {
    }

    /** The writer's sessions of the application user. */
    public static int ofTheApplicationUser(TestCluster cluster) {
        String count = cluster.engine() == Engine.POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE usename = ?"
                : "SELECT count(*) FROM information_schema.processlist WHERE user = ?";
        return countOnWriter(cluster, count, cluster.user());
    }

    /** The writer's sessions running exactly {@code sql} now. */
    public static int running(TestCluster cluster, String sql) {
        String count = cluster.engine() == Engine.POSTGRESQL
                ? "SELECT count(*) FROM pg_stat_activity WHERE query = ? AND state = 'active'"
                : "SELECT count(*) FROM information_schema.processlist WHERE info = ?";
        return countOnWriter(cluster, count, sql);
    }

    private static int countOnWriter(TestCluster cluster, String sql, String value) {
        try (Connection admin = cluster.connectAsAdmin(cluster.writer()); PreparedStatement ps = admin.prepareStatement(sql)) {
            ps.setString(1, value);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
