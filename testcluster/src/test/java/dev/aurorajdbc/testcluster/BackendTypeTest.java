package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.container.ContainerSupport;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackendTypeTest {

    private static BackendType configured(Map<String, String> properties, Map<String, String> environment) {
        return BackendType.configured(properties::get, environment::get);
    }

    @Test
    void nothingSetIsAuto() {
        assertThat(configured(Map.of(), Map.of())).isEqualTo(BackendType.AUTO);
        assertThat(configured(Map.of(BackendType.PROPERTY, " "), Map.of())).isEqualTo(BackendType.AUTO);
    }

    @Test
    void theSystemPropertyWinsOverTheEnvironment() {
        assertThat(configured(Map.of(BackendType.PROPERTY, "Container"), Map.of(BackendType.ENVIRONMENT, "process")))
                .isEqualTo(BackendType.CONTAINER);
        assertThat(configured(Map.of(), Map.of(BackendType.ENVIRONMENT, "process"))).isEqualTo(BackendType.PROCESS);
    }

    @Test
    void aBadValueFailsNamingWhereItCameFromAndTheChoices() {
        assertThatThrownBy(() -> configured(Map.of(), Map.of(BackendType.ENVIRONMENT, "docker")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(BackendType.ENVIRONMENT).hasMessageContaining("'docker'").hasMessageContaining("auto, process, container");
    }

    @Test
    void anExplicitChoiceOnTheBuilderWinsAndAutoFollowsDocker() {
        assertThat(TestCluster.builder(Engine.POSTGRESQL).backend(BackendType.PROCESS).resolvedBackend()).isEqualTo(BackendType.PROCESS);
        assertThat(TestCluster.builder(Engine.POSTGRESQL).backend(BackendType.CONTAINER).resolvedBackend()).isEqualTo(BackendType.CONTAINER);
        assertThat(TestCluster.builder(Engine.POSTGRESQL).backend(BackendType.AUTO).resolvedBackend())
                .isEqualTo(ContainerSupport.available() ? BackendType.CONTAINER : BackendType.PROCESS);
    }
}
