package dev.aurorajdbc.benchmarks.jmh;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The server of one JMH fork: a test cluster with a writer and no replica (per-call cost needs no replica), automatic
 * failover off, with a table of {@value #ROWS} rows for point selects and an empty one for inserts. Started in
 * {@code @Setup(Level.Trial)}, closed in {@code @TearDown}.
 */
@State(Scope.Benchmark)
public class ClusterState {
    /** Rows of the point-select table, keys 1..ROWS. */
    static final int ROWS = 1_000;
    static final String POINT_SELECT = "SELECT v FROM bench_kv WHERE id = ?";
    static final String INSERT = "INSERT INTO bench_insert (id, v) VALUES (?, ?)";

    /** The engine: {@code postgresql} or {@code mysql}. */
    @Param({"postgresql", "mysql"})
    public String engine;

    TestCluster cluster;

    /** Starts the cluster and creates the tables. */
    @Setup(Level.Trial)
    public void start() throws SQLException {
        // The clients' INFO lines (the AWS wrapper logs every connection) would be timed with the calls.
        Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        cluster = TestCluster.builder(Engine.parse(engine)).replicas(0).autoFailover(null).start();
        try (Connection c = cluster.connect(cluster.writer(), Duration.ofSeconds(10)); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE bench_kv (id BIGINT PRIMARY KEY, v VARCHAR(40))");
            s.execute("CREATE TABLE bench_insert (id BIGINT PRIMARY KEY, v VARCHAR(40))");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO bench_kv (id, v) VALUES (?, ?)")) {
                for (int i = 1; i <= ROWS; i++) {
                    ps.setLong(1, i);
                    ps.setString(2, "value " + i);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    /** Stops the cluster. */
    @TearDown(Level.Trial)
    public void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }
}
