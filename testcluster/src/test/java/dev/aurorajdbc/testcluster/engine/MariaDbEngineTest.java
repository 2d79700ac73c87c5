package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Role;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The MariaDB engine's pure parts: GTID parsing, server ids, quoting, the option file, URLs. */
class MariaDbEngineTest {
    private static final ClusterConfig ASYNC = new ClusterConfig(Engine.MYSQL, "c1", "app", "app", "pw", "admin", "secret", false);
    private static final ClusterConfig SYNC = new ClusterConfig(Engine.MYSQL, "c1", "app", "app", "pw", "admin", "secret", true);
    static final AuroraMetadata METADATA = new AuroraMetadata() {
        @Override
        public List<String> nodeConfig(String nodeId) {
            return List.of("aurora_server_id = instance-" + nodeId);
        }

        @Override
        public void install(Connection writerAdmin) {
        }

        @Override
        public void publish(Connection writerAdmin, List<InstanceStatus> instances) {
        }
    };

    @Test
    void gtidPositionsAreReadFromDomainZero() {
        assertThat(MariaDbEngine.Gtids.domainZero("1-5-7, 0-11-57")).isEqualTo("0-11-57");
        assertThat(MariaDbEngine.Gtids.domainZero("1-5-7")).isEmpty();
        assertThat(MariaDbEngine.Gtids.seqNo("0-11-57,1-5-7")).isEqualTo(57);
        assertThat(MariaDbEngine.Gtids.seqNo("")).isZero();
        assertThat(MariaDbEngine.Gtids.lastSeqNoOf("0-11-9,0-12-10,1-11-40", 11)).isEqualTo(9);
        assertThat(MariaDbEngine.Gtids.lastSeqNoOf("0-12-10", 11)).isEqualTo(-1);
        assertThat(MariaDbEngine.Gtids.serverIds("0-11-9,0-12-10,1-13-4")).containsExactlyInAnyOrder(11L, 12L, 13L);
        assertThatThrownBy(() -> MariaDbEngine.Gtids.parse("0-11")).isInstanceOf(IllegalArgumentException.class);
    }

    /** A replica copied from the writer starts its binary log with the writer's state at the copy. */
    @Test
    void theBinlogStateOfACopyHasTheCopysPositionAsItsServersLast() {
        assertThat(MariaDbEngine.Gtids.withLast("0-11-9,0-12-10,1-11-40", "0-12-15")).isEqualTo("0-11-9,1-11-40,0-12-15");
        assertThat(MariaDbEngine.Gtids.withLast("0-11-9", "0-13-20")).isEqualTo("0-11-9,0-13-20");
        assertThat(MariaDbEngine.Gtids.withLast("", "0-11-1")).isEqualTo("0-11-1");
    }

    @Test
    void optionFileValuesAreQuotedWithTheirBackslashesAndQuotesEscaped() {
        assertThat(MariaDbEngine.optionValue("adm'pw\\2")).isEqualTo("\"adm'pw\\\\2\"");
        assertThat(MariaDbEngine.optionValue("a\"b")).isEqualTo("\"a\\\"b\"");
        assertThat(MariaDbEngine.optionValue("/tmp/x y")).isEqualTo("\"/tmp/x y\"");
    }

    @Test
    void serverIdsComeFromNodeIdsAndSkipEarlierIncarnations() {
        assertThat(MariaDbEngine.serverId("11")).isEqualTo(11);
        assertThat(MariaDbEngine.serverId("4294967295")).isEqualTo(4294967295L);
        assertThat(MariaDbEngine.serverId("0")).isBetween(1L, 4294967295L);
        assertThat(MariaDbEngine.serverId("writer-a")).isBetween(1L, 4294967295L).isEqualTo(MariaDbEngine.serverId("writer-a"));
        assertThat(MariaDbEngine.freshServerId("11", Set.of(12L))).isEqualTo(11);
        assertThat(MariaDbEngine.freshServerId("11", Set.of(11L, 12L))).isEqualTo(11 + (1L << 20));
        assertThat(MariaDbEngine.freshServerId("11", Set.of(11L, 11 + (1L << 20)))).isEqualTo(11 + (2L << 20));
        assertThat(MariaDbEngine.freshServerId("4294967295", Set.of(4294967295L))).isBetween(1L, 4294967295L);
    }

    @Test
    void literalsAndIdentifiersAreQuoted() {
        assertThat(MariaDbEngine.literal("a'b\\c\nd")).isEqualTo("'a''b\\\\c\\nd'");
        assertThat(MariaDbEngine.identifier("my`db")).isEqualTo("`my``db`");
    }

    @Test
    void theOptionFileCarriesIdentityRoleReplicationAndMetadata() {
        MariaDbEngine engine = new MariaDbEngine(METADATA);
        FakeNode node = new FakeNode("12", "/tmp/c/12/run");
        String replica = engine.optionFile(node, Role.REPLICA, ASYNC, false, 12);
        assertThat(replica.lines()).contains("[mariadbd]", "server_id = 12", "report_host = 12", "bind_address = 127.0.42.12",
                "port = 3306", "socket = /tmp/c/12/run/mysqld.sock", "datadir = /tmp/c/12/data", "read_only = ON",
                "log_slave_updates = ON", "binlog_format = ROW", "gtid_strict_mode = ON", "gtid_domain_id = 0",
                "skip_ssl", "performance_schema = OFF", "max_connections = 1200", "aurora_server_id = instance-12");
        assertThat(replica).doesNotContain("rpl_semi_sync");

        String writer = engine.optionFile(node, Role.WRITER, SYNC, true, 12);
        assertThat(writer.lines()).contains("read_only = OFF", "rpl_semi_sync_master_enabled = ON",
                "rpl_semi_sync_master_wait_point = AFTER_SYNC", "rpl_semi_sync_slave_enabled = ON",
                "rpl_semi_sync_master_timeout = " + MariaDbEngine.SEMI_SYNC_TIMEOUT_MILLIS);
        assertThat(writer).doesNotContain("secret");
    }

    @Test
    void aSocketPathTooLongForUnixIsRefusedWithAClearMessage() {
        MariaDbEngine engine = new MariaDbEngine(METADATA);
        FakeNode node = new FakeNode("11", "/tmp/" + "x".repeat(100) + "/run");
        assertThatThrownBy(() -> engine.optionFile(node, Role.WRITER, ASYNC, false, 11))
                .isInstanceOf(TestClusterException.class)
                .hasMessageContaining("socket path")
                .hasMessageContaining("aurora.testcluster.dir");
    }

    @Test
    void jdbcUrlsPointConnectorJAtTheDatabaseWithoutTls() {
        MariaDbEngine engine = new MariaDbEngine(METADATA);
        assertThat(engine.jdbcUrl("127.0.42.11", 3306, ASYNC)).isEqualTo("jdbc:mysql://127.0.42.11:3306/app?sslMode=DISABLED");
    }

    @Test
    void anAdminConnectionNeedsTheClusterConfigurationFirst() {
        MariaDbEngine engine = new MariaDbEngine(METADATA);
        assertThatThrownBy(() -> engine.admin(new FakeNode("13", "/tmp/c/13/run"), Duration.ofSeconds(1)))
                .isInstanceOf(TestClusterException.class)
                .hasMessageContaining("node 13 is unknown to this engine");
    }

    /** A node that only knows its identity and paths. */
    static final class FakeNode implements NodeRuntime {
        private final String id;
        private final String runDir;

        FakeNode(String id, String runDir) {
            this.id = id;
            this.runDir = runDir;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public String serverHost() {
            return "127.0.42." + id;
        }

        @Override
        public int serverPort() {
            return 3306;
        }

        @Override
        public String dataDir() {
            return runDir.replace("/run", "/data");
        }

        @Override
        public String runDir() {
            return runDir;
        }

        @Override
        public String exec(Duration timeout, String tool, List<String> args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeFile(String path, String content) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String readFile(String path) {
            return null;
        }

        @Override
        public void deleteFile(String path) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void clearDataDir() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void startServer(String tool, List<String> args) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean serverAlive() {
            return false;
        }

        @Override
        public void signal(Signal signal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean awaitExit(Duration timeout) {
            return true;
        }

        @Override
        public String logTail(int lines) {
            return "";
        }

        @Override
        public void destroy() {
        }
    }
}
