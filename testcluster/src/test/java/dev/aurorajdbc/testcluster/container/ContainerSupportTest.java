package dev.aurorajdbc.testcluster.container;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSupportTest {

    @Test
    void theOfficialImagesByDefault() {
        assertThat(ContainerSupport.image(Engine.POSTGRESQL, k -> null, k -> null)).isEqualTo("postgres:17");
        assertThat(ContainerSupport.image(Engine.MYSQL, k -> null, k -> null)).isEqualTo("mysql:8.4");
        assertThat(ContainerSupport.image(Engine.MYSQL, MySqlServer.MYSQL, k -> null, k -> null)).isEqualTo("mysql:8.4");
        assertThat(ContainerSupport.image(Engine.MYSQL, MySqlServer.MARIADB, k -> null, k -> null)).isEqualTo("mariadb:11.4");
    }

    @Test
    void anExplicitMySqlServerHasAnImageSettingOfItsOwn() {
        Map<String, String> env = Map.of("AURORA_TESTCLUSTER_MYSQL_IMAGE", "aurora-testcluster/mariadb:10.11",
                "AURORA_TESTCLUSTER_MYSQL8_IMAGE", "aurora-testcluster/mysql:8.0");
        Map<String, String> props = Map.of("aurora.testcluster.mariadb.image", "mariadb:10.11");
        assertThat(ContainerSupport.image(Engine.MYSQL, null, k -> null, env::get)).isEqualTo("aurora-testcluster/mariadb:10.11");
        assertThat(ContainerSupport.image(Engine.MYSQL, MySqlServer.MYSQL, k -> null, env::get)).isEqualTo("aurora-testcluster/mysql:8.0");
        assertThat(ContainerSupport.image(Engine.MYSQL, MySqlServer.MARIADB, props::get, env::get)).isEqualTo("mariadb:10.11");
        // PostgreSQL ignores the MySQL server
        assertThat(ContainerSupport.image(Engine.POSTGRESQL, MySqlServer.MYSQL, k -> null, k -> null)).isEqualTo("postgres:17");
    }

    @Test
    void theSystemPropertyThenTheEnvironmentNameTheImage() {
        Map<String, String> props = Map.of("aurora.testcluster.postgresql.image", "registry.example/pg:15 ");
        Map<String, String> env = Map.of("AURORA_TESTCLUSTER_POSTGRESQL_IMAGE", "local/pg:15",
                "AURORA_TESTCLUSTER_MYSQL_IMAGE", "local/mariadb:10.11");
        assertThat(ContainerSupport.image(Engine.POSTGRESQL, props::get, env::get)).isEqualTo("registry.example/pg:15");
        assertThat(ContainerSupport.image(Engine.POSTGRESQL, k -> null, env::get)).isEqualTo("local/pg:15");
        assertThat(ContainerSupport.image(Engine.MYSQL, props::get, env::get)).isEqualTo("local/mariadb:10.11");
    }

    @Test
    void testcontainersIsOnThisModulesTestClassPath() {
        assertThat(ContainerSupport.testcontainersPresent()).isTrue();
    }
}
