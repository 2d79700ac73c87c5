package dev.aurorajdbc.driver;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.sql.SQLException;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuroraDataSourceTest {

    /** One bean setter per property, so HikariCP's dataSource.* properties reach every one; the enum stays the truth. */
    @Test
    void hasASetterForEveryProperty() {
        for (AuroraProperty p : AuroraProperty.values()) {
            String name = "set" + p.propertyName().substring(0, 1).toUpperCase(Locale.ROOT) + p.propertyName().substring(1);
            Method setter = null;
            for (Method m : AuroraDataSource.class.getMethods()) {
                if (m.getName().equals(name) && m.getParameterCount() == 1) {
                    setter = m;
                }
            }
            assertThat(setter).as("AuroraDataSource.%s(...) for %s", name, p).isNotNull();
        }
    }

    @Test
    void settersStoreThePropertyAsTheUrlWouldCarryIt() {
        AuroraDataSource ds = new AuroraDataSource();
        ds.setFailoverTimeoutMs(1234);
        ds.setReadYourWrites(true);
        ds.setTopologySource("static");
        assertThat(ds.getProperty("failoverTimeoutMs")).isEqualTo("1234");
        assertThat(ds.getProperty("readYourWrites")).isEqualTo("true");
        assertThat(ds.getProperty("topologySource")).isEqualTo("static");
        ds.setProperty("topologySource", null);
        assertThat(ds.getProperty("topologySource")).isNull();
    }

    @Test
    void aMissingOrForeignUrlIsAClearError() {
        AuroraDataSource ds = new AuroraDataSource();
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("setUrl")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        ds.setUrl("jdbc:postgresql://localhost/db");
        assertThatThrownBy(ds::getConnection).hasMessageContaining("'jdbc:postgresql://localhost/db'");
    }

    @Test
    void aBadValueFailsWith22023NamingIt() {
        AuroraDataSource ds = new AuroraDataSource();
        ds.setUrl("jdbc:aurora:postgresql://127.0.0.1:1/db");
        ds.setProbeTimeoutMs(0);
        assertThatThrownBy(ds::getConnection).isInstanceOf(SQLException.class).hasMessageContaining("probeTimeoutMs")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
    }
}
