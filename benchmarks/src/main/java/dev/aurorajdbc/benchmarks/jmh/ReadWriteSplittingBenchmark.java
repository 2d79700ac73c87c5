package dev.aurorajdbc.benchmarks.jmh;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * Read/write splitting on emulated Aurora PostgreSQL (1 writer + {@code replicas}), this driver beside the AWS
 * Advanced JDBC Wrapper's {@code readWriteSplitting} plugin in the same run:
 * <ul>
 *   <li>{@link #togglePair}: the cost of {@code setReadOnly(true)} + {@code setReadOnly(false)} on a connection whose
 *       replica connection is already open (both drivers keep it for reuse);</li>
 *   <li>{@link #readOnReplicas}: point selects by 4 threads, each on its own read-only connection, with 1, 2 or 4
 *       replicas to spread over: time per select and thread (throughput = 4 threads / that time).</li>
 * </ul>
 * Run: {@code java -jar aurora-benchmarks.jar jmh ReadWriteSplittingBenchmark -prof gc --out benchmarks/results/jmh-rw}.
 */
public class ReadWriteSplittingBenchmark {
    private static final int ROWS = 1_000;

    /** The cluster of one fork. */
    @State(Scope.Benchmark)
    public static class Cluster {
        /** The engine (the AWS wrapper's read/write splitting needs Aurora PostgreSQL metadata, hence PostgreSQL). */
        @Param({"postgresql"})
        public String engine;

        /** Replicas besides the writer. */
        @Param({"1", "2", "4"})
        public int replicas;

        TestCluster cluster;

        /** Starts the cluster and fills the table. */
        @Setup(Level.Trial)
        public void start() throws SQLException {
            Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
            cluster = TestCluster.builder(Engine.parse(engine)).replicas(replicas).autoFailover(null).start();
            try (Connection c = cluster.connect(cluster.writer(), Duration.ofSeconds(10)); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE bench_kv (id BIGINT PRIMARY KEY, v VARCHAR(40))");
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
            cluster.awaitWriter(Duration.ofSeconds(10));
        }

        /** Stops the cluster. */
        @TearDown(Level.Trial)
        public void stop() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** One thread's connection. */
    @State(Scope.Thread)
    public static class Client {
        /** {@code aurora} (readWriteSplitting=true) or {@code aws-rw} (the wrapper with readWriteSplitting,failover2,efm2). */
        @Param({"aurora", "aws-rw"})
        public String client;

        Connection connection;
        PreparedStatement select;
        private int key;

        /** Opens the connection, visits a replica once (so that its connection exists), back to the writer. */
        @Setup(Level.Trial)
        public void open(Cluster state) throws SQLException {
            TestCluster cluster = state.cluster;
            Properties p = new Properties();
            p.setProperty("user", cluster.user());
            p.setProperty("password", cluster.password());
            String url;
            switch (client) {
                case "aurora" -> url = cluster.auroraUrl() + "&readWriteSplitting=true";
                case "aws-rw" -> {
                    url = "jdbc:aws-wrapper:" + cluster.writer().jdbcUrl().substring("jdbc:".length());
                    p.setProperty("wrapperPlugins", "readWriteSplitting,failover2,efm2");
                    p.setProperty("clusterInstanceHostPattern", cluster.instanceHostPattern());
                    p.setProperty("clusterId", "jmh-rw-" + cluster.name());
                }
                default -> throw new IllegalArgumentException("unknown client '" + client + "': expected aurora or aws-rw");
            }
            connection = DriverManager.getConnection(url, p);
            connection.setReadOnly(true);
            connection.setReadOnly(false);
        }

        long nextKey() {
            key = key % ROWS + 1;
            return key;
        }

        /** Closes the connection. */
        @TearDown(Level.Trial)
        public void close() throws SQLException {
            if (select != null) {
                select.close();
            }
            if (connection != null) {
                connection.close();
            }
        }
    }

    /** A read-only connection per thread, prepared once. */
    @State(Scope.Thread)
    public static class Reader {
        PreparedStatement select;

        /** Moves the thread's connection to its replica and prepares the select there. */
        @Setup(Level.Trial)
        public void open(Client client) throws SQLException {
            client.connection.setReadOnly(true);
            select = client.connection.prepareStatement("SELECT v FROM bench_kv WHERE id = ?");
            client.select = select;
        }
    }

    /** {@code setReadOnly(true)} then {@code setReadOnly(false)}, the replica connection kept. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void togglePair(Client client) throws SQLException {
        client.connection.setReadOnly(true);
        client.connection.setReadOnly(false);
    }

    /** Point selects on the replicas, 4 threads. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Threads(4)
    public String readOnReplicas(Client client, Reader reader) throws SQLException {
        reader.select.setLong(1, client.nextKey());
        try (ResultSet rs = reader.select.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
