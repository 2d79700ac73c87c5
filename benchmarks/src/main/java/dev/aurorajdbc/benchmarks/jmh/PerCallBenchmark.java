package dev.aurorajdbc.benchmarks.jmh;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;

/**
 * The per-call cost of a JDBC client on a real server over loopback: {@code jdbc:aurora:} against the raw native
 * driver and the AWS Advanced JDBC Wrapper, each operation as an application writes it (a statement created, used and
 * closed per call, except in {@link #preparedReuse}). Run with {@code -prof gc} for the allocation per operation.
 *
 * <p>The server is a real one (a 0-replica test cluster started per fork by {@link ClusterState}) reached through the
 * test cluster's fault proxy, the same path for every client, so the differences between clients are what the
 * clients add. Each result is to be read as a ratio against the raw driver measured in the same run.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(3)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 10, time = 2)
public class PerCallBenchmark {

    /** {@code SELECT 1} through a new {@code Statement}: the client's fixed cost per round trip. */
    @Benchmark
    public int selectOne(ClientState s) throws SQLException {
        try (Statement st = s.connection.createStatement(); ResultSet rs = st.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** A point select by primary key through a {@code PreparedStatement} prepared for the call. */
    @Benchmark
    public String pointSelect(ClientState s) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement(ClusterState.POINT_SELECT)) {
            ps.setLong(1, s.nextKey());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** The same point select through one {@code PreparedStatement} kept for the whole trial (server-side prepared). */
    @Benchmark
    public String preparedReuse(ClientState s) throws SQLException {
        PreparedStatement ps = s.reused;
        ps.setLong(1, s.nextKey());
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A single-row insert (autocommit) through a {@code PreparedStatement} prepared for the call. */
    @Benchmark
    public int insert(ClientState s) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement(ClusterState.INSERT)) {
            ps.setLong(1, s.nextId());
            ps.setString(2, "jmh");
            return ps.executeUpdate();
        }
    }

    /** A batch of 100 single-row inserts, one {@code executeBatch} (autocommit). */
    @Benchmark
    public int batchInsert100(ClientState s) throws SQLException {
        try (PreparedStatement ps = s.connection.prepareStatement(ClusterState.INSERT)) {
            for (int i = 0; i < 100; i++) {
                ps.setLong(1, s.nextId());
                ps.setString(2, "jmh");
                ps.addBatch();
            }
            return ps.executeBatch().length;
        }
    }

    /**
     * Opening a connection and closing it (no pool), with the client's cluster state already warm and the connect
     * path compiled ({@link OpenCloseWarmup}).
     */
    @Benchmark
    public boolean openClose(ClientState s, OpenCloseWarmup warmedUp) throws SQLException {
        Connection c = s.open();
        c.close();
        return c.isClosed();
    }

    /**
     * {@link #openClose}'s own warm-up: {@value #OPENS} connections opened and closed before JMH's warm-up iterations.
     * Those (4 × 1 s in {@code run-all.sh}) are only ~800 opens at ~5 ms each on PostgreSQL, too few for the JIT to finish compiling
     * a wrapper's connect path: in such a run the wrappers' openClose iterations fell by ~20 % from the first to the
     * last while the raw driver's stayed flat. Every client gets the same warm-up.
     */
    @State(Scope.Thread)
    public static class OpenCloseWarmup {
        static final int OPENS = 2_000;

        /** Opens and closes {@value #OPENS} connections of the client. */
        @Setup(Level.Trial)
        public void warmUp(ClientState s) throws SQLException {
            for (int i = 0; i < OPENS; i++) {
                s.open().close();
            }
        }
    }
}
