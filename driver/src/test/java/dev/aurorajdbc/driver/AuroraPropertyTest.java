package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorajdbc.driver.AuroraProperty.ReaderStrategy;
import dev.aurorajdbc.driver.AuroraProperty.TopologySource;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class AuroraPropertyTest {

    @ParameterizedTest
    @EnumSource(AuroraProperty.class)
    void everyPropertyIsWellFormed(AuroraProperty p) throws SQLException {
        assertThat(p.propertyName()).matches("[a-z][A-Za-z]+");
        assertThat(p.propertyName().toUpperCase(Locale.ROOT).replace("_", ""))
                .as("constant name follows the property name")
                .isEqualTo(p.name().replace("_", ""));
        assertThat(p.description()).isNotBlank().doesNotContain("\n").doesNotContain("|");
        assertThat(p.allowedValues()).isNotBlank();
        assertThat(AuroraProperty.forName(p.propertyName())).isSameAs(p);
        if (p.defaultValue() != null) {
            assertThat(p.parse(p.defaultValue())).as("default of %s passes its own check", p).isNotNull();
        }
        if (p.choices() != null) {
            for (String choice : p.choices()) {
                assertThat(p.parse(choice)).isNotNull();
            }
            if (p.defaultValue() != null) {
                assertThat(p.choices()).contains(p.defaultValue());
            }
        }
    }

    @Test
    void namesAreUniqueIgnoringCase() {
        Set<String> names = new HashSet<>();
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(names.add(p.propertyName().toLowerCase(Locale.ROOT))).as(p.propertyName()).isTrue();
        }
        assertThat(AuroraProperty.forName("readerstrategy")).isNull();
        assertThat(AuroraProperty.forNameIgnoringCase("READERSTRATEGY")).isEqualTo(AuroraProperty.READER_STRATEGY);
        assertThat(AuroraProperty.forName("user")).isNull();
    }

    @Test
    void theBriefsDefaults() {
        assertThat(AuroraProperty.TOPOLOGY_SOURCE.defaultValue()).isEqualTo("auto");
        assertThat(AuroraProperty.AURORA_METADATA_SCHEMA.defaultValue()).isEqualTo("information_schema");
        assertThat(AuroraProperty.TOPOLOGY_REFRESH_MS.defaultValue()).isEqualTo("30000");
        assertThat(AuroraProperty.TOPOLOGY_FAST_REFRESH_MS.defaultValue()).isEqualTo("100");
        assertThat(AuroraProperty.PROBE_TIMEOUT_MS.defaultValue()).isEqualTo("1000");
        assertThat(AuroraProperty.CONNECT_TIMEOUT_MS.defaultValue()).isEqualTo("10000");
        assertThat(AuroraProperty.FAILOVER_TIMEOUT_MS.defaultValue()).isEqualTo("60000");
        assertThat(AuroraProperty.MONITOR_IDLE_TIMEOUT_MS.defaultValue()).isEqualTo("30000");
        assertThat(AuroraProperty.READER_STRATEGY.defaultValue()).isEqualTo("round-robin");
        assertThat(AuroraProperty.MAX_REPLICA_LAG_MS.defaultValue()).isEqualTo("0");
        assertThat(AuroraProperty.READER_ENDPOINT.defaultValue()).isEqualTo("false");
        assertThat(AuroraProperty.READ_YOUR_WRITES.defaultValue()).isEqualTo("false");
        assertThat(AuroraProperty.CLUSTER_ID.defaultValue()).isNull();
        assertThat(AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN.defaultValue()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "topologyRefreshMs|100|100",
        "topologyRefreshMs| 250 |250",
        "topologyRefreshMs|2147483647|2147483647",
        "maxReplicaLagMs|0|0",
        "monitorIdleTimeoutMs|0|0",
        "readerEndpoint|TRUE|true",
        "readYourWrites|False|false",
        "topologySource|Aurora-MySQL|AURORA_MYSQL",
        "topologySource|static|STATIC",
        "readerStrategy|least-connections|LEAST_CONNECTIONS",
        "clusterInstanceHostPattern|?.xyz.us-east-1.rds.amazonaws.com|?.xyz.us-east-1.rds.amazonaws.com",
        "clusterInstanceHostPattern|?.example.com:5432|?.example.com:5432",
        "clusterInstanceHostPattern|127.0.0.?|127.0.0.?",
        "auroraMetadataSchema|mysql|mysql",
        "auroraMetadataSchema|_x$1|_x$1",
        "clusterId|prod-eu 1|prod-eu 1",
    })
    void parsesGoodValues(String name, String text, String expected) throws SQLException {
        Object value = AuroraProperty.forName(name).parse(text);
        String shown = value instanceof Enum<?> e ? e.name() : String.valueOf(value);
        assertThat(shown).isEqualTo(expected);
    }

    @Test
    void typedValues() throws SQLException {
        assertThat(AuroraProperty.TOPOLOGY_REFRESH_MS.parse("500")).isEqualTo(500L);
        assertThat(AuroraProperty.READER_ENDPOINT.parse("true")).isEqualTo(Boolean.TRUE);
        assertThat(AuroraProperty.TOPOLOGY_SOURCE.parse("postgresql-streaming"))
                .isEqualTo(TopologySource.POSTGRESQL_STREAMING);
        assertThat(AuroraProperty.READER_STRATEGY.parse("lowest-latency")).isEqualTo(ReaderStrategy.LOWEST_LATENCY);
        assertThat(AuroraProperty.CLUSTER_ID.parse("  ")).as("empty optional means unset").isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "topologyRefreshMs|99|whole milliseconds from 100",
        "topologyRefreshMs|-1|whole milliseconds from 100",
        "topologyRefreshMs|1e3|whole milliseconds",
        "topologyRefreshMs|1000ms|whole milliseconds",
        "topologyRefreshMs|2147483648|to 2147483647",
        "topologyRefreshMs|99999999999999999999|to 2147483647",
        "topologyRefreshMs|''|whole milliseconds",
        "topologyFastRefreshMs|9|from 10",
        "probeTimeoutMs|0|from 1",
        "connectTimeoutMs|0|from 1",
        "failoverTimeoutMs|0|from 1",
        "maxReplicaLagMs|-5|from 0",
        "readerEndpoint|yes|true or false",
        "readerEndpoint|1|true or false",
        "readYourWrites|''|true or false",
        "topologySource|aurora|one of auto, aurora-postgresql, aurora-mysql, postgresql-streaming, mysql-replication, static",
        "readerStrategy|roundrobin|one of round-robin, random, least-connections, lowest-latency",
        "clusterInstanceHostPattern|cluster-xyz.rds.amazonaws.com|exactly one '?'",
        "clusterInstanceHostPattern|?.?.example.com|exactly one '?'",
        "clusterInstanceHostPattern|?.cluster-xyz.us-east-1.rds.amazonaws.com|cluster or proxy endpoint",
        "clusterInstanceHostPattern|?..example.com|exactly one '?'",
        "clusterInstanceHostPattern|https://?.example.com|exactly one '?'",
        "auroraMetadataSchema|information_schema; drop table x|an unquoted identifier",
        "auroraMetadataSchema|`x`|an unquoted identifier",
        "auroraMetadataSchema|1abc|an unquoted identifier",
        "auroraMetadataSchema|''|an unquoted identifier",
    })
    void refusesBadValuesNamingPropertyAndValue(String name, String text, String expected) {
        assertThatThrownBy(() -> AuroraProperty.forName(name).parse(text))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("property " + name)
                .hasMessageContaining("'" + text.strip() + "'")
                .hasMessageContaining(expected);
    }

    @Test
    void propertyInfoListsEveryPropertyWithGivenValuesOrDefaults() {
        Properties given = new Properties();
        given.setProperty("readerStrategy", "random");
        given.setProperty("unrelated", "x");
        DriverPropertyInfo[] infos = AuroraProperty.propertyInfo(given);
        assertThat(infos).extracting(i -> i.name).containsExactly(
                Arrays.stream(AuroraProperty.values()).map(AuroraProperty::propertyName).toArray(String[]::new));
        for (DriverPropertyInfo info : infos) {
            AuroraProperty p = AuroraProperty.forName(info.name);
            assertThat(info.description).isEqualTo(p.description());
            assertThat(info.required).isFalse();
            assertThat(info.choices).isEqualTo(p.choices());
            assertThat(info.value).isEqualTo(p == AuroraProperty.READER_STRATEGY ? "random" : p.defaultValue());
        }
        assertThat(AuroraProperty.propertyInfo(null)).hasSameSizeAs(infos);
    }

    @Test
    void choicesAreDefensiveCopies() {
        String[] choices = AuroraProperty.TOPOLOGY_SOURCE.choices();
        choices[0] = "changed";
        assertThat(AuroraProperty.TOPOLOGY_SOURCE.choices()[0]).isEqualTo("auto");
        assertThat(AuroraProperty.READER_ENDPOINT.choices()).containsExactly("true", "false");
        assertThat(AuroraProperty.TOPOLOGY_REFRESH_MS.choices()).isNull();
    }

    @Test
    void topologySourcesFitTheirEngine() {
        assertThat(TopologySource.AURORA_POSTGRESQL.fits(Engine.POSTGRESQL)).isTrue();
        assertThat(TopologySource.AURORA_POSTGRESQL.fits(Engine.MYSQL)).isFalse();
        assertThat(TopologySource.MYSQL_REPLICATION.fits(Engine.POSTGRESQL)).isFalse();
        for (Engine e : Engine.values()) {
            assertThat(TopologySource.AUTO.fits(e)).isTrue();
            assertThat(TopologySource.STATIC.fits(e)).isTrue();
        }
    }
}
