package dev.aurorajdbc.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InstanceHostPatternTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "?.cxyz.us-east-1.rds.amazonaws.com|database-1-instance-1|5432|database-1-instance-1.cxyz.us-east-1.rds.amazonaws.com:5432",
        "?.CXYZ.us-east-1.rds.amazonaws.com|DB-2|3306|db-2.cxyz.us-east-1.rds.amazonaws.com:3306",
        "127.0.133.?|12|5432|127.0.133.12:5432",
        "10.0.7.?|0|5432|10.0.7.0:5432",
        "db-?.internal:6432|a7|5432|db-a7.internal:6432",
        "?-replica.example.com|x|1|x-replica.example.com:1",
        "node?|3|5432|node3:5432",
    })
    void mapsAnInstanceIdToAnAddress(String pattern, String id, int urlPort, String expected) {
        InstanceHostPattern p = InstanceHostPattern.parse(pattern);
        HostAddress a = p.address(id, urlPort);
        assertThat(a).hasToString(expected);
        assertThat(p.matches(a)).isTrue();
        assertThat(p.instanceId(a)).contains(id.toLowerCase(java.util.Locale.ROOT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty",
        "evil.example.com|'.'",
        "host/path|'/'",
        "user@host|'@'",
        "host:6666|':'",
        "'a b'|\\u0020",
        "'tab\tid'|\\u0009",
        "-lead|'-'",
        "trail-|'-'",
        "a?b|'?'",
        "caf\u00e9|'\u00e9'",
        "a%2fb|'%'",
        "a#b|'#'",
        "[::1]|'['",
    })
    void rejectsIdsThatWouldMakeAnOddHost(String id, String reasonPart) {
        InstanceHostPattern p = InstanceHostPattern.parse("?.cxyz.us-east-1.rds.amazonaws.com");
        assertThat(p.rejection(id)).contains(reasonPart.replace("'", ""));
        assertThatIllegalArgumentException().isThrownBy(() -> p.address(id, 5432))
                .withMessageContaining("?.cxyz.us-east-1.rds.amazonaws.com")
                .withMessageContaining("does not map");
    }

    @Test
    void rejectsNullAndOverlongIds() {
        InstanceHostPattern p = InstanceHostPattern.parse("?.example.com");
        assertThatIllegalArgumentException().isThrownBy(() -> p.address(null, 5432)).withMessageContaining("'null'");
        assertThat(p.rejection("a".repeat(63))).isNull();
        assertThat(p.rejection("a".repeat(64))).contains("longer than 63");
    }

    @ParameterizedTest
    @ValueSource(strings = {"256", "1000", "012", "00", "-1", "a", "1a"})
    void anIpv4PatternTakesOnlyOctets(String id) {
        InstanceHostPattern p = InstanceHostPattern.parse("127.0.133.?");
        assertThat(p.rejection(id)).isNotNull();
    }

    @Test
    void aPatternThatMerelyLooksNumericIsNotIpv4() {
        assertThat(InstanceHostPattern.parse("10.0.?.internal").rejection("db-1")).isNull();
        assertThat(InstanceHostPattern.parse("10.0.7.?x").rejection("db-1")).isNull();
        assertThat(InstanceHostPattern.parse("300.0.7.?").rejection("db-1")).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|to stand for",
        "db.example.com|to stand for",
        "?.?.example.com|more than one",
        "?|alone",
        "?:5432|alone",
        "'? .example.com'|\\u0020",
        "?.example.com/x|/",
        "user@?.example.com|@",
        "?.example.com:0|outside",
        "?.example.com:65536|outside",
        "?.example.com:|invalid port",
        "?.example.com:54x|invalid port",
        "[fd00::?]|IPv6",
        "fd00::?|IPv6",
        "?..example.com|empty label",
        ".?.example.com|empty label",
        "?.example.com.|empty label",
        "?.cluster-cxyz.us-east-1.rds.amazonaws.com|e.g. ?.cxyz.us-east-1.rds.amazonaws.com",
        "?.cluster-ro-cxyz.us-east-1.rds.amazonaws.com|cluster or proxy endpoint",
        "?.proxy-cxyz.eu-west-1.rds.amazonaws.com|cluster or proxy endpoint",
        "?.cluster-custom-cxyz.cn-north-1.rds.amazonaws.com.cn|cluster or proxy endpoint",
    })
    void rejectsPatternsThatDoNotNameInstances(String pattern, String reasonPart) {
        assertThatIllegalArgumentException().isThrownBy(() -> InstanceHostPattern.parse(pattern))
                .withMessageContaining("invalid instance host pattern")
                .withMessageContaining(reasonPart);
    }

    @Test
    void rejectsOverlongLabels() {
        assertThatIllegalArgumentException().isThrownBy(() -> InstanceHostPattern.parse("?." + "a".repeat(64) + ".com"))
                .withMessageContaining("longer than 63");
    }

    @Test
    void theUrlPortAppliesUnlessThePatternHasOne() {
        assertThat(InstanceHostPattern.parse("?.example.com").port()).isEmpty();
        assertThat(InstanceHostPattern.parse("?.example.com").address("a", 5433).port()).isEqualTo(5433);
        assertThat(InstanceHostPattern.parse("?.example.com:6432").port()).hasValue(6432);
        assertThat(InstanceHostPattern.parse("?.example.com:6432").address("a", 5433).port()).isEqualTo(6432);
    }

    @Test
    void knowsWhichAddressesMatch() {
        InstanceHostPattern p = InstanceHostPattern.parse("?.cxyz.us-east-1.rds.amazonaws.com");
        assertThat(p.matches(HostAddress.of("db-1.cxyz.us-east-1.rds.amazonaws.com", 1))).isTrue();
        assertThat(p.matches(HostAddress.of("DB-1.CXYZ.us-east-1.rds.amazonaws.com", 1))).isTrue();
        assertThat(p.matches(HostAddress.of("cxyz.us-east-1.rds.amazonaws.com", 5432))).isFalse();
        assertThat(p.matches(HostAddress.of(".cxyz.us-east-1.rds.amazonaws.com", 5432))).isFalse();
        assertThat(p.matches(HostAddress.of("a.b.cxyz.us-east-1.rds.amazonaws.com", 5432))).isFalse();
        assertThat(p.matches(HostAddress.of("db-1.cxyz.us-east-1.rds.amazonaws.com.evil.com", 5432))).isFalse();
        assertThat(p.matches(HostAddress.of("db-1.other.us-east-1.rds.amazonaws.com", 5432))).isFalse();

        InstanceHostPattern ip = InstanceHostPattern.parse("127.0.133.?");
        assertThat(ip.instanceId(HostAddress.of("127.0.133.11", 5432))).contains("11");
        assertThat(ip.matches(HostAddress.of("127.0.133.256", 5432))).isFalse();
        assertThat(ip.matches(HostAddress.of("127.0.0.1", 5432))).isFalse();

        InstanceHostPattern withPort = InstanceHostPattern.parse("?.db.internal:6432");
        assertThat(withPort.matches(HostAddress.of("a.db.internal", 6432))).isTrue();
        assertThat(withPort.matches(HostAddress.of("a.db.internal", 5432))).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mydb.cluster-cxyz.us-east-1.rds.amazonaws.com|?.cxyz.us-east-1.rds.amazonaws.com",
        "mydb.cluster-ro-cxyz.us-east-1.rds.amazonaws.com|?.cxyz.us-east-1.rds.amazonaws.com",
        "MyDb.Cluster-Custom-CXYZ.eu-west-1.rds.amazonaws.com|?.cxyz.eu-west-1.rds.amazonaws.com",
        "mydb.proxy-cxyz.us-east-1.rds.amazonaws.com|?.cxyz.us-east-1.rds.amazonaws.com",
        "instance-1.cxyz.us-east-1.rds.amazonaws.com|?.cxyz.us-east-1.rds.amazonaws.com",
        "mydb.cluster-cxyz.cn-north-1.rds.amazonaws.com.cn|?.cxyz.cn-north-1.rds.amazonaws.com.cn",
    })
    void derivesThePatternOfAnRdsEndpoint(String host, String pattern) {
        assertThat(InstanceHostPattern.forRdsEndpoint(host)).contains(InstanceHostPattern.parse(pattern));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "db.example.com", "rds.amazonaws.com", "x.rds.amazonaws.com",
        "a.b.c.d.rds.amazonaws.com", "mydb.cluster-.us-east-1.rds.amazonaws.com", "mydb..us-east-1.rds.amazonaws.com"})
    void derivesNothingFromOtherHosts(String host) {
        assertThat(InstanceHostPattern.forRdsEndpoint(host)).isEqualTo(Optional.empty());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mydb.cluster-ro-cxyz.us-east-1.rds.amazonaws.com|true",
        "MyDb.Cluster-RO-CXYZ.eu-west-1.rds.amazonaws.com.cn|true",
        "mydb.cluster-cxyz.us-east-1.rds.amazonaws.com|false",
        "mydb.cluster-custom-cxyz.us-east-1.rds.amazonaws.com|false",
        "instance-1.cxyz.us-east-1.rds.amazonaws.com|false",
        "mydb.cluster-ro-.us-east-1.rds.amazonaws.com|false",
        "a.mydb.cluster-ro-cxyz.us-east-1.rds.amazonaws.com|false",
        "cluster-ro-cxyz.example.com|false",
        "127.0.0.1|false",
    })
    void tellsAReaderEndpoint(String host, boolean reader) {
        assertThat(InstanceHostPattern.isRdsReaderEndpoint(host)).isEqualTo(reader);
    }

    @Test
    void equalityIgnoresCaseAndPrintsAsGiven() {
        InstanceHostPattern a = InstanceHostPattern.parse("?.Example.com");
        InstanceHostPattern b = InstanceHostPattern.parse("?.example.COM");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b).hasToString("?.Example.com");
        assertThat(a).isNotEqualTo(InstanceHostPattern.parse("?.example.com:1"));
    }
}
