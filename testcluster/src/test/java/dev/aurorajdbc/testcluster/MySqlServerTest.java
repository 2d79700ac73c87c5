package dev.aurorajdbc.testcluster;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MySqlServerTest {

    private static MySqlServer configured(Map<String, String> properties, Map<String, String> environment) {
        return MySqlServer.configured(properties::get, environment::get);
    }

    @Test
    void nothingSetIsNoChoice() {
        assertThat(configured(Map.of(), Map.of())).isNull();
        assertThat(configured(Map.of(MySqlServer.PROPERTY, " "), Map.of())).isNull();
    }

    @Test
    void thePropertyWinsOverTheEnvironment() {
        assertThat(configured(Map.of(MySqlServer.PROPERTY, "MySQL "), Map.of(MySqlServer.ENVIRONMENT, "mariadb")))
                .isEqualTo(MySqlServer.MYSQL);
        assertThat(configured(Map.of(), Map.of(MySqlServer.ENVIRONMENT, "mariadb"))).isEqualTo(MySqlServer.MARIADB);
    }

    @Test
    void aBadValueNamesItsSourceAndTheChoices() {
        assertThatThrownBy(() -> configured(Map.of(), Map.of(MySqlServer.ENVIRONMENT, "percona")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(MySqlServer.ENVIRONMENT).hasMessageContaining("percona").hasMessageContaining("mariadb, mysql");
        assertThat(MySqlServer.MYSQL).hasToString("mysql");
    }
}
