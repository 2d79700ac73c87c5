package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraProperty;
import dev.aurorajdbc.driver.Engine;
import dev.aurorajdbc.driver.topology.StaticTopology;
import dev.aurorajdbc.driver.topology.TopologySource;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * MySQL, Aurora MySQL and MariaDB, through Connector/J: the read-only flags as the role, GTID sets (spoken differently
 * by MariaDB), Connector/J's timeouts in milliseconds.
 */
final class MySqlDialect extends Dialect {
    static final MySqlDialect INSTANCE = new MySqlDialect();

    private MySqlDialect() {
    }

    /** Aurora MySQL readers have innodb_read_only, self-managed replicas read_only. */
    @Override
    String roleQuery() {
        return "SELECT @@global.read_only OR @@global.innodb_read_only";
    }

    @Override
    boolean answersAsWriter(ResultSet answer) throws SQLException {
        return answer.getLong(1) == 0;
    }

    /** The GTID set: MariaDB's binlog position, MySQL's executed set. */
    @Override
    String writePositionQuery(Connection writer) throws SQLException {
        return isMariaDb(writer) ? "SELECT @@global.gtid_binlog_pos" : "SELECT @@global.gtid_executed";
    }

    /** The server's own wait for a GTID set, with the timeout in seconds (milliseconds as the fraction). */
    @Override
    boolean replayedWithin(Connection reader, String position, long timeoutMs) throws SQLException {
        String sql = isMariaDb(reader) ? "SELECT MASTER_GTID_WAIT(?, ?)" : "SELECT WAIT_FOR_EXECUTED_GTID_SET(?, ?)";
        try (PreparedStatement ps = reader.prepareStatement(sql)) {
            ps.setString(1, position);
            ps.setBigDecimal(2, BigDecimal.valueOf(timeoutMs, 3));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 0;
            }
        }
    }

    /**
     * Whether {@code c} is on MariaDB (read-your-writes speaks its GTIDs differently). Asked of each connection, not
     * remembered for the cluster: a context outlives its cluster when another takes its addresses, maybe MySQL then.
     */
    private static boolean isMariaDb(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductVersion().contains("MariaDB");
    }

    /** Milliseconds, at least 1; the socket timeout bounds every read of the handshake too. */
    @Override
    void probeTimeouts(Properties props, long millis) {
        String ms = Engine.MYSQL.nativeTimeout(Math.max(1, millis));
        props.setProperty("connectTimeout", ms);
        props.setProperty("socketTimeout", ms);
    }

    /** Aurora MySQL has {@code replica_host_status} in its metadata schema; otherwise binlog replication. */
    @Override
    AuroraProperty.TopologySource detect(AuroraConfig config, Connection node) throws SQLException {
        try (Statement s = node.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                        + config.auroraMetadataSchema() + "' AND table_name = 'replica_host_status'")) {
            rs.next();
            return rs.getLong(1) > 0 ? AuroraProperty.TopologySource.AURORA_MYSQL : AuroraProperty.TopologySource.MYSQL_REPLICATION;
        }
    }

    @Override
    TopologySource staticTopology() {
        return StaticTopology.mysql();
    }
}
