package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.await;
import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.freePort;
import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MySQL 8 engine's paths the cluster-level tests do not force, against real servers (local processes on
 * 127.0.43.11–13): positions, the application user's replication views, and a former writer with errant transactions
 * (committed on an asynchronous writer that no replica received) being re-cloned instead of rejoining.
 */
@Tag("integration")
class MySqlEngineIT {
    private static final Duration OP_TIMEOUT = Duration.ofSeconds(120);
    private static int clusters;

    private LocalBackend backend;
    private MySqlEngine engine;
    private ClusterConfig config;
    private NodeRuntime n11;
    private NodeRuntime n12;
    private NodeRuntime n13;

    @BeforeAll
    static void requireBinaries() {
        MariaDbClusterIT.binariesOrAbort(MySqlBinaries::locate);
    }

    @AfterEach
    void down() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void positionsCountTransactionsAndTheApplicationSeesTheReplicationViews() throws Exception {
        up();
        insert(n11, 1);
        awaitRows(n12, 1);
        assertThatThrownBy(() -> insert(n12, 2))
                .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getErrorCode()).isEqualTo(1290));
        try (Connection w = engine.admin(n11, OP_TIMEOUT); Connection r = engine.admin(n12, OP_TIMEOUT)) {
            assertThat(engine.isWritable(w)).isTrue();
            assertThat(engine.isWritable(r)).isFalse();
            long writerPos = engine.receivedPosition(w);
            assertThat(writerPos).isPositive().isEqualTo(engine.appliedPosition(w));
            await("replica 12 applies position " + writerPos, () -> sql(() -> engine.appliedPosition(r) == writerPos));
            assertThat(engine.receivedPosition(r)).isEqualTo(writerPos);
            assertThat(engine.replicaLagMillis(r)).isZero();
        }
        try (Connection app = app(n12); Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SHOW REPLICA STATUS")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("Source_Host")).isEqualTo(n11.serverHost());
        }
        try (Connection app = app(n11); Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SHOW REPLICAS")) {
            Set<String> hosts = new TreeSet<>();
            while (rs.next()) {
                hosts.add(rs.getString("Host"));
            }
            assertThat(hosts).containsExactly("12", "13");
        }
    }

    @Test
    void anOldWriterWithErrantTransactionsIsRecloned() throws Exception {
        up();
        insert(n11, 1);
        awaitRows(n12, 1);
        awaitRows(n13, 1);
        for (NodeRuntime replica : List.of(n12, n13)) {
            try (Connection c = engine.admin(replica, OP_TIMEOUT); Statement st = c.createStatement()) {
                st.execute("STOP REPLICA IO_THREAD");
            }
        }
        insert(n11, 2); // committed on the asynchronous writer only
        n11.signal(NodeRuntime.Signal.KILL);
        assertThat(n11.awaitExit(OP_TIMEOUT)).isTrue();

        engine.promote(n12, config, OP_TIMEOUT);
        engine.follow(n13, n12, config, OP_TIMEOUT);
        insert(n12, 3);
        engine.rejoin(n11, n12, config, OP_TIMEOUT);

        assertThat(rows(n11)).containsExactly(1, 3);
        for (NodeRuntime replica : List.of(n11, n13)) {
            try (Connection r = engine.admin(replica, OP_TIMEOUT)) {
                assertThat(engine.isWritable(r)).isFalse();
                MySqlEngine.ReplicaStatus s = MySqlEngine.ReplicaStatus.read(r);
                assertThat(s.sourceHost() + ":" + s.sourcePort()).isEqualTo(n12.serverHost() + ":" + n12.serverPort());
            }
        }
        insert(n12, 4);
        awaitRows(n11, 1, 3, 4);
        awaitRows(n13, 1, 3, 4);
        assertThat(rows(n13)).containsExactly(1, 3, 4);
    }

    private void up() throws SQLException {
        String clusterId = "mysql-it-" + (++clusters);
        backend = new LocalBackend(clusterId, e -> MySqlBinaries.locate());
        engine = new MySqlEngine(MariaDbClusterIT.NO_METADATA);
        config = new ClusterConfig(Engine.MYSQL, clusterId, "app", "app", "app'pw\\1", "admin", "adm'pw\\2", false);
        n11 = backend.create(Engine.MYSQL, "11", "127.0.43.11", freePort("127.0.43.11"));
        n12 = backend.create(Engine.MYSQL, "12", "127.0.43.12", freePort("127.0.43.12"));
        n13 = backend.create(Engine.MYSQL, "13", "127.0.43.13", freePort("127.0.43.13"));
        engine.initWriter(n11, config, OP_TIMEOUT);
        try (Connection app = app(n11); Statement st = app.createStatement()) {
            st.execute("CREATE TABLE t (id INT PRIMARY KEY, note VARCHAR(40))");
        }
        engine.initReplica(n12, n11, config, OP_TIMEOUT);
        engine.initReplica(n13, n11, config, OP_TIMEOUT);
    }

    private Connection app(NodeRuntime node) throws SQLException {
        return DriverManager.getConnection(engine.jdbcUrl(node.serverHost(), node.serverPort(), config), config.user(), config.password());
    }

    private void insert(NodeRuntime node, int id) throws SQLException {
        try (Connection c = app(node); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO t (id, note) VALUES (" + id + ", 'row " + id + "')");
        }
    }

    private Set<Integer> rows(NodeRuntime node) throws SQLException {
        Set<Integer> ids = new TreeSet<>();
        try (Connection c = app(node); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT id FROM t")) {
            while (rs.next()) {
                ids.add(rs.getInt(1));
            }
        }
        return ids;
    }

    private void awaitRows(NodeRuntime node, Integer... ids) {
        await("node " + node.id() + " has rows " + List.of(ids), () -> sql(() -> rows(node).containsAll(List.of(ids))));
    }
}
