package dev.aurorajdbc.driver.topology;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * The topology of a cluster whose membership is the URL's host list: each node reports only itself, with its role
 * probed — PostgreSQL {@code pg_is_in_recovery()} (and its replay lag), MySQL/MariaDB {@code @@global.read_only}.
 * Needs no privilege and no replication metadata; the monitor probes every configured host and joins the answers
 * ({@link Coverage#SELF}).
 */
public final class StaticTopology implements TopologySource {
    /** The source's name. */
    public static final String NAME = "static";

    static final String MYSQL_ROLE_QUERY = "SELECT @@global.read_only AS read_only";

    private final boolean postgresql;

    private StaticTopology(boolean postgresql) {
        this.postgresql = postgresql;
    }

    /** A static source for PostgreSQL nodes. */
    public static StaticTopology postgresql() {
        return new StaticTopology(true);
    }

    /** A static source for MySQL or MariaDB nodes. */
    public static StaticTopology mysql() {
        return new StaticTopology(false);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** {@link Coverage#SELF}: each node reports only itself. */
    @Override
    public Coverage coverage() {
        return Coverage.SELF;
    }

    /** The node behind {@code connection}, at {@code connectedTo}, in the role it reports; nothing else. */
    @Override
    public Topology query(Connection connection, HostAddress connectedTo, Topology.Sequence sequence)
            throws SQLException {
        Objects.requireNonNull(connectedTo, "connectedTo");
        String sql = postgresql ? PostgresStreamingTopology.ROLE_QUERY : MYSQL_ROLE_QUERY;
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                throw new SQLException("the role query returned no row on " + connectedTo,
                        MySqlReplicationTopology.UNEXPECTED_ANSWER);
            }
            boolean reader;
            long lag = TopologyHost.UNKNOWN;
            if (postgresql) {
                reader = rs.getBoolean("in_recovery");
                long l = rs.getLong("replay_lag_ms");
                if (!rs.wasNull() && l >= 0) {
                    lag = l;
                }
            } else {
                reader = rs.getLong("read_only") != 0;
            }
            return sequence.next(NAME, List.of(new TopologyHost(null, connectedTo,
                    reader ? HostRole.READER : HostRole.WRITER, lag, TopologyHost.UNKNOWN, TopologyHost.UNKNOWN)));
        }
    }

    @Override
    public String toString() {
        return NAME + (postgresql ? " (postgresql)" : " (mysql)");
    }
}
