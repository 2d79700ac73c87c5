package dev.aurorajdbc.benchmarks.jmh;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Properties;

/**
 * One benchmark thread's client and connection: {@code raw} (pgjdbc or Connector/J straight to the node),
 * {@code aurora} ({@code jdbc:aurora:} at its defaults), {@code aws-default} (the AWS Advanced JDBC Wrapper with its
 * default plugins) or {@code aws-failover-efm} (the wrapper with exactly {@code failover2,efm2}). On PostgreSQL the
 * wrapper sees the emulated Aurora metadata; on MySQL (MariaDB) its Aurora mode cannot run on the emulation, so it runs
 * with the dialect it detects there, without a topology to watch: the per-call cost of its plugin pipeline.
 */
@State(Scope.Thread)
public class ClientState {
    /** The client: raw, aurora, aws-default or aws-failover-efm. */
    @Param({"raw", "aurora", "aws-default", "aws-failover-efm"})
    public String client;

    Connection connection;
    PreparedStatement reused;
    private String url;
    private Properties properties;
    private long nextId;
    private int nextKey;

    /** Opens the connection and prepares the reused statement. */
    @Setup(Level.Trial)
    public void open(ClusterState state) throws SQLException {
        TestCluster cluster = state.cluster;
        Node writer = cluster.writer();
        boolean pg = cluster.engine() == Engine.POSTGRESQL;
        properties = new Properties();
        properties.setProperty("user", cluster.user());
        properties.setProperty("password", cluster.password());
        switch (client) {
            case "raw" -> url = writer.jdbcUrl();
            case "aurora" -> url = cluster.auroraUrl();
            case "aws-default", "aws-failover-efm" -> {
                url = "jdbc:aws-wrapper:" + writer.jdbcUrl().substring("jdbc:".length());
                properties.setProperty("clusterInstanceHostPattern", cluster.instanceHostPattern());
                properties.setProperty("clusterId", "jmh-" + cluster.name());
                if (client.equals("aws-failover-efm")) {
                    properties.setProperty("wrapperPlugins", "failover2,efm2");
                }
                if (!pg) {
                    properties.setProperty("sslMode", "DISABLED");
                }
            }
            default -> throw new IllegalArgumentException("unknown client '" + client
                    + "': expected raw, aurora, aws-default or aws-failover-efm");
        }
        connection = open();
        reused = connection.prepareStatement(ClusterState.POINT_SELECT);
        nextId = 1;
    }

    /** A new connection of this client (the caller closes it). */
    Connection open() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    long nextId() {
        return nextId++;
    }

    /** Keys cycle through the table so that every call reads a row (1..ROWS). */
    long nextKey() {
        nextKey = nextKey % ClusterState.ROWS + 1;
        return nextKey;
    }

    /** Closes the statement and the connection. */
    @TearDown(Level.Trial)
    public void close() throws SQLException {
        if (reused != null) {
            reused.close();
        }
        if (connection != null) {
            connection.close();
        }
    }
}
