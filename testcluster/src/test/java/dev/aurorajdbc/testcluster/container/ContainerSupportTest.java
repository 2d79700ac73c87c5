package dev.aurorajdbc.testcluster.container;

import dev.aurorajdbc.testcluster.Engine;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerSupportTest {

    @Test
    void theOfficialImagesByDefault() {
        assertThat(ContainerSupport.image(Engine.POSTGRESQL, k -> null, k -> null)).isEqualTo("postgres:17");
        assertThat(ContainerSupport.image(Engine.MYSQL, k -> null, k -> null)).isEqualTo("mariadb:11.4");
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
