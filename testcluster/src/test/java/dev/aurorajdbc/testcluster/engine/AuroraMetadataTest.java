package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.AuroraMetadata.InstanceStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unit tests of the Aurora metadata emulations' pure parts: node settings, validation and the install scripts. */
class AuroraMetadataTest {

    @Test
    void postgresNodeConfigSetsTheInstanceIdAndRdsExtensions() {
        assertThat(new AuroraPostgresMetadata().nodeConfig("21"))
                .contains("aurora_emulation.instance_id = '21'")
                .anySatisfy(line -> assertThat(line).startsWith("rds.extensions = '").contains("aurora_stat_utils"))
                .allSatisfy(line -> assertThat(line).doesNotContain("\n"));
    }

    @Test
    void mysqlNodeConfigIsEmptyBecauseTheEngineSetsReportHost() {
        assertThat(new AuroraMySqlMetadata().nodeConfig("21")).isEmpty();
    }

    @Test
    void instanceIdsThatCouldBreakAConfigFileAreRejected() {
        for (String bad : new String[] {"", "a'b", "a b", "-x", "x\ny", "a".repeat(64)}) {
            assertThatThrownBy(() -> new AuroraPostgresMetadata().nodeConfig(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("invalid Aurora instance id");
            assertThatThrownBy(() -> new AuroraMySqlMetadata().nodeConfig(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(new AuroraPostgresMetadata().nodeConfig("db-instance-1.a_b")).isNotEmpty();
    }

    @Test
    void publishRejectsDuplicateAndNegativeInput() {
        InstanceStatus writer = new InstanceStatus("11", true, 0, 1, 1);
        assertThatThrownBy(() -> AuroraPostgresMetadata.checkInstances(List.of(writer, writer)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> AuroraPostgresMetadata.checkInstances(List.of(new InstanceStatus("12", false, -1, 1, 1))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative replica lag");
        assertThatThrownBy(() -> AuroraPostgresMetadata.checkInstances(List.of(new InstanceStatus("12", false, 0, 1, Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a number");
        AuroraPostgresMetadata.checkInstances(List.of());
    }

    @Test
    void sessionIdsAreMasterForTheWriterAndStableUuidsForReaders() {
        assertThat(AuroraPostgresMetadata.sessionId(new InstanceStatus("11", true, 0, 1, 1))).isEqualTo("MASTER_SESSION_ID");
        String reader = AuroraPostgresMetadata.sessionId(new InstanceStatus("12", false, 3, 1, 1));
        assertThat(UUID.fromString(reader).toString()).isEqualTo(reader);
        assertThat(AuroraPostgresMetadata.sessionId(new InstanceStatus("12", false, 9, 2, 2))).isEqualTo(reader);
        assertThat(AuroraPostgresMetadata.sessionId(new InstanceStatus("13", false, 3, 1, 1))).isNotEqualTo(reader);
    }

    @Test
    void mysqlScriptSplitsLikeTheMysqlClient() {
        List<String> statements = AuroraMySqlMetadata.statements(
                AuroraPostgresMetadata.loadScript(AuroraMySqlMetadata.INSTALL_SCRIPT));
        assertThat(statements).hasSize(4);
        assertThat(statements.get(0)).startsWith("CREATE DATABASE IF NOT EXISTS aurora_emulation")
                .contains("/*M! COMMENT"); // MariaDB only: MySQL's CREATE DATABASE takes no comment
        assertThat(statements.get(1)).startsWith("CREATE TABLE IF NOT EXISTS aurora_emulation.replica_host_status")
                .endsWith("control plane'");
        // DROP + CREATE: MySQL has no CREATE OR REPLACE FUNCTION
        assertThat(statements.get(2)).isEqualTo("DROP FUNCTION IF EXISTS aurora_emulation.aurora_server_id");
        assertThat(statements.get(3)).startsWith("CREATE FUNCTION aurora_emulation.aurora_server_id()")
                .contains("SIGNAL SQLSTATE '45000'").endsWith("END");
        assertThat(statements).noneMatch(s -> s.contains("--") || s.startsWith("DELIMITER"));
    }

    @Test
    void splitterRejectsAnUnterminatedStatement() {
        assertThatThrownBy(() -> AuroraMySqlMetadata.statements("SELECT 1;\nSELECT 2\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SELECT 2");
    }

    @Test
    void postgresScriptSplitsAtStatementEndsButNotInsideFunctionBodies() {
        List<String> statements = AuroraPostgresMetadata.statements(
                AuroraPostgresMetadata.loadScript(AuroraPostgresMetadata.INSTALL_SCRIPT));
        assertThat(statements).hasSize(14).noneMatch(s -> s.startsWith("--") || s.endsWith(";"));
        assertThat(statements).filteredOn(s -> s.startsWith("CREATE OR REPLACE FUNCTION")).hasSize(2)
                .allSatisfy(s -> assertThat(s).contains("BEGIN ATOMIC").endsWith("END"));
        assertThat(statements.get(10)).startsWith("CREATE OR REPLACE FUNCTION pg_catalog.aurora_replica_status(")
                .contains("ORDER BY s.session_id <> 'MASTER_SESSION_ID', s.server_id;\nEND");
        assertThat(statements.get(12)).startsWith("CREATE OR REPLACE VIEW pg_catalog.pg_settings");
        assertThat(AuroraPostgresMetadata.statements("SELECT 1;\nCREATE FUNCTION f() RETURNS int LANGUAGE sql\n"
                + "BEGIN ATOMIC\n  SELECT 1;\n  SELECT 2;\nEND;\nSELECT 3;\n"))
                .containsExactly("SELECT 1", "CREATE FUNCTION f() RETURNS int LANGUAGE sql\nBEGIN ATOMIC\n  SELECT 1;\n"
                        + "  SELECT 2;\nEND", "SELECT 3");
        assertThatThrownBy(() -> AuroraPostgresMetadata.statements("CREATE FUNCTION f()\nBEGIN ATOMIC\nSELECT 1;\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("END;");
    }
}
