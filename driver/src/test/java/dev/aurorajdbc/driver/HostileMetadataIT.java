package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.routing.TopologyHost;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * A server whose Aurora metadata names instances outside the instance host pattern (addresses, foreign host names,
 * malformed ids, a second writer, a line-forging id): the driver ignores them, logs each once without letting the
 * server forge a log line, and never opens a connection to such a host. The hostile rows are written into the test
 * cluster's emulated metadata on the writer (replicated to every node) over and over, since its control plane
 * republishes the true topology every second; a listener on the address a careless driver would take the first id
 * for counts the connections it receives. Subclasses: one per engine.
 */
@Tag("integration")
abstract class HostileMetadataIT {
    /** Outside the cluster's pattern (127.0.B.?) and every test cluster's loopback block. */
    private static final String OUTSIDE = "127.1.99.99";
    private static final List<String> HOSTILE_IDS = List.of(OUTSIDE, "evil.example.com", "10.0.0.1", "-dash-", "300",
            "a b", "x;y", "evil\nWARNING: forged log line", "é", "a".repeat(90));

    private final TestCluster cluster;

    HostileMetadataIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void instancesOutsideThePatternAreIgnoredLoggedOnceAndNeverContacted() throws Exception {
        Set<String> members = cluster.nodes().stream().map(Node::address).collect(Collectors.toSet());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger driverLog = Logger.getLogger("dev.aurorajdbc.driver");
        driverLog.addHandler(capture);
        AtomicInteger contacted = new AtomicInteger();
        try (ServerSocket trap = new ServerSocket(cluster.port(), 50, InetAddress.getByName(OUTSIDE));
                Connection admin = cluster.connectAsAdmin(cluster.writer())) {
            Thread acceptor = new Thread(() -> {
                while (!trap.isClosed()) {
                    try (Socket s = trap.accept()) {
                        contacted.incrementAndGet();
                    } catch (SocketException closed) {
                        return;
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "hostile-trap");
            acceptor.setDaemon(true);
            acceptor.start();

            String url = cluster.auroraUrl() + "&clusterId=hostile-" + ThreadLocalRandom.current().nextInt(1_000_000)
                    + "&topologyRefreshMs=100&topologyFastRefreshMs=50";
            Set<String> seen = ConcurrentHashMap.newKeySet();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
            int connections = 0;
            while (System.nanoTime() < deadline) {
                insertHostileRows(admin);
                try (Connection writer = DriverManager.getConnection(url, cluster.user(), cluster.password());
                        Connection reader = DriverManager.getConnection(url + "&readerEndpoint=true", cluster.user(),
                                cluster.password())) {
                    seen.add(host(writer));
                    seen.add(host(reader));
                    ClusterContext context = ClusterContext.of(writer.unwrap(AuroraConnection.class)).orElseThrow();
                    for (TopologyHost h : context.topology().hosts()) {
                        seen.add(h.address().toString());
                    }
                    connections += 2;
                }
            }
            System.out.printf("%s: %d connections while hostile rows were published; hosts seen: %s; trap contacted %d"
                    + " times%n", cluster.engine(), connections, seen, contacted.get());
            assertThat(seen).as("every host the driver used or listed is a member").isSubsetOf(members);
            assertThat(contacted.get()).as("connections the trap at " + OUTSIDE + " received").isZero();
            assertThat(warnings).as("the hostile ids are logged").anyMatch(w -> w.contains(OUTSIDE))
                    .anyMatch(w -> w.contains("evil.example.com"));
            assertThat(warnings).as("no log line forged").noneMatch(w -> w.contains("\n"));
        } finally {
            driverLog.removeHandler(capture);
            removeHostileRows();
        }
    }

    private static String host(Connection c) throws SQLException {
        return c.unwrap(AuroraConnection.class).hostDescription();
    }

    private void insertHostileRows(Connection admin) throws SQLException {
        String sql = cluster.engine() == Engine.POSTGRESQL
                ? "INSERT INTO aurora_emulation.replica_status (server_id, session_id, replica_lag_in_msec,"
                        + " last_update_timestamp, cpu) VALUES (?, ?, 0, now(), 1) ON CONFLICT DO NOTHING"
                : "INSERT IGNORE INTO aurora_emulation.replica_host_status (SERVER_ID, SESSION_ID, CPU,"
                        + " LAST_UPDATE_TIMESTAMP, REPLICA_LAG_IN_MILLISECONDS, IS_CURRENT) VALUES (?, ?, 1, NOW(6), 0, 1)";
        try (PreparedStatement ps = admin.prepareStatement(sql)) {
            for (String id : HOSTILE_IDS) {
                ps.setString(1, id);
                // The first claims to be the writer.
                ps.setString(2, id.equals(OUTSIDE) ? "MASTER_SESSION_ID" : "hostile-" + Math.abs(id.hashCode()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The control plane republishes the true topology within a second; nothing to undo by hand but to be sure. */
    private void removeHostileRows() throws SQLException {
        String table = cluster.engine() == Engine.POSTGRESQL ? "aurora_emulation.replica_status"
                : "aurora_emulation.replica_host_status";
        String column = cluster.engine() == Engine.POSTGRESQL ? "server_id" : "SERVER_ID";
        try (Connection admin = cluster.connectAsAdmin(cluster.writer());
                PreparedStatement ps = admin.prepareStatement("DELETE FROM " + table + " WHERE " + column + " = ?")) {
            for (String id : HOSTILE_IDS) {
                ps.setString(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
