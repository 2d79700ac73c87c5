package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;
import dev.aurorajdbc.routing.HostAddress;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuroraUrlTest {

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:aurora:postgresql://h/db", "JDBC:AURORA:mysql://h", "jdbc:Aurora:", "jdbc:aurora:x"})
    void acceptsEveryUrlWithOurPrefix(String url) {
        assertThat(AuroraUrl.acceptsUrl(url)).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"jdbc:postgresql://h/db", "jdbc:mysql://h", "jdbc:aurora", " jdbc:aurora:postgresql://h",
        "jdbc:aws-wrapper:postgresql://h"})
    void rejectsOtherUrls(String url) {
        assertThat(AuroraUrl.acceptsUrl(url)).isFalse();
        assertThatThrownBy(() -> AuroraUrl.parse(url)).isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "08001");
    }

    @Test
    void nullUrlIsAnSqlException() {
        assertThatThrownBy(() -> AuroraUrl.parse(null)).isInstanceOf(SQLException.class)
                .hasMessageContaining("the URL is null");
    }

    @Test
    void parsesEveryPart() throws SQLException {
        AuroraUrl url = AuroraUrl.parse("jdbc:aurora:postgresql://h1:6000,h2,[::1]:5433/my%20db?b=2&a=1&b=3");
        assertThat(url.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(url.hosts()).containsExactly(HostAddress.of("h1", 6000), HostAddress.of("h2", 5432),
                HostAddress.of("::1", 5433));
        assertThat(url.database()).isEqualTo("my db");
        assertThat(url.parameters()).containsExactly(Map.entry("b", "3"), Map.entry("a", "1"));
        assertThat(url.user()).isEmpty();
        assertThat(url.password()).isEmpty();
    }

    @Test
    void resultIsImmutable() throws SQLException {
        AuroraUrl url = AuroraUrl.parse("jdbc:aurora:mysql://h/db?a=1");
        assertThatThrownBy(() -> url.parameters().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> url.hosts().add(HostAddress.of("x", 1)))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void defaultPortsPerEngine() throws SQLException {
        assertThat(AuroraUrl.parse("jdbc:aurora:postgresql://h").hosts()).containsExactly(HostAddress.of("h", 5432));
        assertThat(AuroraUrl.parse("jdbc:aurora:mysql://h").hosts()).containsExactly(HostAddress.of("h", 3306));
    }

    @Test
    void toStringMasksEveryPassword() throws SQLException {
        AuroraUrl url = AuroraUrl.parse("jdbc:aurora:mysql://bob:hunter2@h/db?password=hunter3&sslPassword=hunter4"
                + "&trustCertificateKeyStorePassword=hunter5&awsSecretKey=hunter6&a=visible");
        assertThat(url.toString()).doesNotContain("hunter").contains("user=bob", "a=visible", "password=***");
        assertThat(url.password()).contains("hunter2");
        assertThat(url.parameters()).containsEntry("password", "hunter3");
    }

    @Test
    void hostNameLongerThanDnsAllowsIsRefused() {
        String label = "a".repeat(63);
        String host = String.join(".", label, label, label, label); // 255 characters
        assertThatThrownBy(() -> AuroraUrl.parse("jdbc:aurora:postgresql://" + host + "/db"))
                .isInstanceOf(SQLException.class).hasMessageContaining("longer than 253 characters");
        String ok = String.join(".", label, label, label, "a".repeat(61)); // 253
        assertThat(catchHosts("jdbc:aurora:postgresql://" + ok + "/db")).hasSize(1);
    }

    @Test
    void errorMessageNamesTheUrlAndTheState() {
        assertThatThrownBy(() -> AuroraUrl.parse("jdbc:aurora:postgresql://h:99999/db"))
                .isInstanceOf(SQLException.class)
                .hasMessageStartingWith("Invalid jdbc:aurora: URL: ")
                .hasMessageContaining("port 99999 in host 'h:99999'")
                .hasFieldOrPropertyWithValue("SQLState", "08001");
    }

    @Test
    void ipv6LiteralsAreRecognized() {
        assertThat(AuroraUrl.isIpv6Literal("::1")).isTrue();
        assertThat(AuroraUrl.isIpv6Literal("2001:db8:0:0:0:0:2:1")).isTrue();
        assertThat(AuroraUrl.isIpv6Literal("::ffff:10.0.0.1")).isTrue();
        assertThat(AuroraUrl.isIpv6Literal("1:2:3:4:5:6:10.0.0.1")).isTrue();
        assertThat(AuroraUrl.isIpv6Literal("1:2:3:4:5:6:7:10.0.0.1")).isFalse();
        assertThat(AuroraUrl.isIpv6Literal("10.0.0.1::")).isFalse();
        assertThat(AuroraUrl.isIpv6Literal("1:2")).isFalse();
        assertThat(AuroraUrl.isIpv6Literal("\uff11::1")).isFalse(); // a full-width digit is not hex
    }

    @Test
    void percentDecodingIsStrictUtf8() {
        assertThat(AuroraUrl.percentDecode("a+b%20c%2B")).isEqualTo("a b c+");
        assertThat(AuroraUrl.percentDecode("%F0%9F%98%80")).isEqualTo("\uD83D\uDE00");
        assertThat(AuroraUrl.percentDecode("%F0%9F")).isNull(); // truncated sequence
        assertThat(AuroraUrl.percentDecode("%C0%AF")).isNull(); // overlong '/'
        assertThat(AuroraUrl.percentDecode("%2")).isNull();
    }

    // --- agreement with the native drivers' own parsers on URLs both accept ---

    @ParameterizedTest
    @ValueSource(strings = {
        "//h1:5432,h2,[::1]:5433/db?a=1&b=x+y%20z",
        "//h/d%2Fb?flag&a=1&a=2",
        "//h/?ApplicationName=my%20app&options=-c%20x%3Dy",
        "//h:6000/%E6%97%A5?k%20ey=v",
        "//10.0.0.1,10.0.0.2:5433/db?user=bob&password=s%26cret",
    })
    void agreesWithPgjdbc(String rest) throws SQLException {
        AuroraUrl ours = AuroraUrl.parse("jdbc:aurora:postgresql:" + rest);
        Properties theirs = org.postgresql.Driver.parseURL("jdbc:postgresql:" + rest, null);
        assertThat(theirs).isNotNull();
        String[] hosts = theirs.getProperty("PGHOST").split(",");
        String[] ports = theirs.getProperty("PGPORT").split(",");
        List<HostAddress> nativeHosts = new ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            nativeHosts.add(HostAddress.of(hosts[i], Integer.parseInt(ports[i])));
        }
        assertThat(ours.hosts()).isEqualTo(nativeHosts);
        assertThat(ours.database()).isEqualTo(theirs.getProperty("PGDBNAME", ""));
        Map<String, String> nativeParameters = new LinkedHashMap<>();
        for (String key : theirs.stringPropertyNames()) {
            if (!key.startsWith("PG")) {
                nativeParameters.put(key, theirs.getProperty(key));
            }
        }
        assertThat(ours.parameters()).containsExactlyInAnyOrderEntriesOf(nativeParameters);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "//h1:3306,h2,[::1]:3307/db?a=1&b=x+y%20z",
        "//bob:s%40cret@h/d%20b?a=1&a=2",
        "//bob:@h/db",
        "//h/db/x?k%20ey=v&%20c%20=3",
        "//h1, h2/?useSSL=false&a=b=c",
    })
    void agreesWithConnectorJ(String rest) throws SQLException {
        AuroraUrl ours = AuroraUrl.parse("jdbc:aurora:mysql:" + rest);
        ConnectionUrl theirs = ConnectionUrl.getConnectionUrlInstance("jdbc:mysql:" + rest, null);
        List<HostAddress> nativeHosts = new ArrayList<>();
        for (HostInfo h : theirs.getHostsList()) {
            nativeHosts.add(HostAddress.of(h.getHost(), h.getPort()));
        }
        assertThat(ours.hosts()).isEqualTo(nativeHosts);
        assertThat(ours.database()).isEqualTo(theirs.getDatabase());
        HostInfo main = theirs.getMainHost();
        assertThat(ours.user().orElse(null)).isEqualTo(main.getUser());
        assertThat(ours.password().orElse(null)).isEqualTo(main.getPassword());
        assertThat(ours.parameters()).containsExactlyInAnyOrderEntriesOf(theirs.getOriginalProperties());
    }

    @ParameterizedTest
    @ValueSource(strings = {"db", "", "my db", "a+b", "d/b", "日本", "x%y", "a&b?c#d"})
    void nativeUrlRoundTripsTheDatabaseThroughBothNatives(String database) {
        HostAddress host = HostAddress.of("::1", 5432);
        String pg = Engine.POSTGRESQL.nativeUrl(host, database);
        assertThat(pg).startsWith("jdbc:postgresql://[::1]:5432/");
        assertThat(org.postgresql.Driver.parseURL(pg, null).getProperty("PGDBNAME", "")).isEqualTo(database);
        String my = Engine.MYSQL.nativeUrl(HostAddress.of("h", 3306), database);
        assertThat(ConnectionUrl.getConnectionUrlInstance(my, null).getDatabase()).isEqualTo(database);
    }

    @Test
    void enginesKnowTheirNatives() {
        assertThat(Engine.fromScheme("PostgreSQL")).isEqualTo(Engine.POSTGRESQL);
        assertThat(Engine.fromScheme("mysql")).isEqualTo(Engine.MYSQL);
        assertThat(Engine.fromScheme("mariadb")).isNull();
        for (Engine e : Engine.values()) {
            assertThat(e.scheme()).isEqualTo(e.name().toLowerCase(Locale.ROOT));
            assertThat(e.nativeArtifact()).contains(":");
            assertThat(java.sql.Driver.class).isAssignableFrom(loadClass(e.nativeDriverClass()));
        }
        assertThat(Engine.POSTGRESQL.propertiesOverrideUrl()).isFalse();
        assertThat(Engine.MYSQL.propertiesOverrideUrl()).isTrue();
        assertThat(Engine.POSTGRESQL.acceptsUserInfo()).isFalse();
        assertThat(Engine.MYSQL.acceptsUserInfo()).isTrue();
    }

    @Test
    void enginesKnowTheirNativesTimeoutUnitAndPropertyNames() {
        assertThat(Engine.POSTGRESQL.nativeTimeout(1_500)).isEqualTo("2");
        assertThat(Engine.POSTGRESQL.nativeTimeout(1_000)).isEqualTo("1");
        assertThat(Engine.POSTGRESQL.nativeTimeout(0)).isEqualTo("0");
        assertThat(Engine.MYSQL.nativeTimeout(1_500)).isEqualTo("1500");
        assertThat(Engine.MYSQL.nativePropertyName("Password")).isEqualTo("password");
        assertThat(Engine.MYSQL.nativePropertyName("DBNAME")).isEqualTo("dbname");
        assertThat(Engine.MYSQL.nativePropertyName("useSSL")).isEqualTo("useSSL");
        assertThat(Engine.POSTGRESQL.nativePropertyName("Password")).isEqualTo("Password");
    }

    private static Class<?> loadClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }

    private static List<HostAddress> catchHosts(String url) {
        try {
            return AuroraUrl.parse(url).hosts();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
