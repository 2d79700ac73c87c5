package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Role;
import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The MySQL 8 engine's pure parts: the option file, the admin account, URLs, the metadata grants. */
class MySqlEngineTest {
    private static final ClusterConfig ASYNC = new ClusterConfig(Engine.MYSQL, "c1", "app", "app", "pw", "admin", "secret", false);
    private static final ClusterConfig SYNC = new ClusterConfig(Engine.MYSQL, "c1", "app", "app", "pw", "admin", "secret", true);

    @Test
    void theOptionFileCarriesIdentityGtidsAndTheReplicasSuperReadOnly() {
        MySqlEngine engine = new MySqlEngine(MariaDbEngineTest.METADATA);
        MariaDbEngineTest.FakeNode node = new MariaDbEngineTest.FakeNode("12", "/tmp/c/12/run");
        String replica = engine.optionFile(node, Role.REPLICA, ASYNC, false, 12);
        assertThat(replica.lines()).contains("[mysqld]", "server_id = 12", "report_host = 12", "bind_address = 127.0.42.12",
                "port = 3306", "socket = /tmp/c/12/run/mysqld.sock", "datadir = /tmp/c/12/data", "gtid_mode = ON",
                "enforce_gtid_consistency = ON", "log_replica_updates = ON", "binlog_expire_logs_seconds = 0",
                "read_only = ON", "super_read_only = ON", "loose_mysqlx = OFF", "performance_schema = OFF",
                "mandatory_roles = '" + AuroraMySqlMetadata.READER_ROLE + "'", "activate_all_roles_on_login = ON",
                "aurora_server_id = instance-12");
        assertThat(replica).doesNotContain("semi_sync").doesNotContain("mariadbd").doesNotContain("skip_ssl");

        String writer = engine.optionFile(node, Role.WRITER, SYNC, true, 12);
        assertThat(writer.lines()).contains("read_only = OFF", "super_read_only = OFF", "plugin_load_add = semisync_source.so",
                "plugin_load_add = semisync_replica.so", "loose_rpl_semi_sync_source_enabled = ON",
                "loose_rpl_semi_sync_source_wait_point = AFTER_SYNC", "loose_rpl_semi_sync_source_wait_for_replica_count = 1",
                "loose_rpl_semi_sync_replica_enabled = ON",
                "loose_rpl_semi_sync_source_timeout = " + MySqlFamilyEngine.SEMI_SYNC_TIMEOUT_MILLIS);
        assertThat(writer).doesNotContain("secret");
    }

    @Test
    void theAdminAndReplicationAccountsAreCreatedUnderAReplicasSuperReadOnly() {
        List<String> sql = new MySqlEngine(MariaDbEngineTest.METADATA).createAdminAccount("admin", "%", "s'ecret");
        assertThat(sql).containsExactly("SET @aurora_super_read_only = @@global.super_read_only",
                "SET GLOBAL super_read_only = OFF",
                "CREATE USER IF NOT EXISTS 'admin'@'%' IDENTIFIED BY 's''ecret'",
                "GRANT ALL PRIVILEGES ON *.* TO 'admin'@'%' WITH GRANT OPTION",
                "CREATE USER IF NOT EXISTS 'aurora_replication'@'%' IDENTIFIED BY 's''ecret'",
                "GRANT REPLICATION SLAVE ON *.* TO 'aurora_replication'@'%'",
                "SET GLOBAL super_read_only = @aurora_super_read_only");
    }

    @Test
    void jdbcUrlsRetrieveTheServersKeyWithoutTls() {
        MySqlEngine engine = new MySqlEngine(MariaDbEngineTest.METADATA);
        assertThat(engine.jdbcUrl("127.0.42.11", 3306, ASYNC))
                .isEqualTo("jdbc:mysql://127.0.42.11:3306/app?sslMode=DISABLED&allowPublicKeyRetrieval=true");
    }

    @Test
    void theMetadataIsReadableByEveryoneOnBothServers() {
        assertThat(AuroraMySqlMetadata.readerGrants("10.11.14-MariaDB-0+deb12u2"))
                .containsExactly("GRANT SELECT, EXECUTE ON aurora_emulation.* TO PUBLIC");
        assertThat(AuroraMySqlMetadata.readerGrants("8.0.31")).containsExactly(
                "CREATE ROLE IF NOT EXISTS " + AuroraMySqlMetadata.READER_ROLE,
                "GRANT SELECT, EXECUTE ON aurora_emulation.* TO " + AuroraMySqlMetadata.READER_ROLE);
    }
}
