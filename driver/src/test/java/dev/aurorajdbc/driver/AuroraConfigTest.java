package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurorajdbc.driver.AuroraProperty.ReaderStrategy;
import dev.aurorajdbc.driver.AuroraProperty.TopologySource;
import dev.aurorajdbc.routing.HostAddress;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class AuroraConfigTest {

    private static AuroraConfig config(String url, String... keyValues) throws SQLException {
        Properties info = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            info.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return AuroraConfig.from(AuroraUrl.parse(url), info);
    }

    @Test
    void defaultsWhenNothingIsGiven() throws SQLException {
        AuroraConfig c = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:postgresql://h1,h2/app"), null);
        assertThat(c.engine()).isEqualTo(Engine.POSTGRESQL);
        assertThat(c.hosts()).containsExactly(HostAddress.of("h1", 5432), HostAddress.of("h2", 5432));
        assertThat(c.database()).isEqualTo("app");
        assertThat(c.clusterInstanceHostPattern()).isEmpty();
        assertThat(c.topologySource()).isEqualTo(TopologySource.AUTO);
        assertThat(c.auroraMetadataSchema()).isEqualTo("information_schema");
        assertThat(c.clusterId()).isEmpty();
        assertThat(c.topologyRefreshMs()).isEqualTo(30_000);
        assertThat(c.topologyFastRefreshMs()).isEqualTo(100);
        assertThat(c.probeTimeoutMs()).isEqualTo(1_000);
        assertThat(c.connectTimeoutMs()).isEqualTo(10_000);
        assertThat(c.failoverTimeoutMs()).isEqualTo(60_000);
        assertThat(c.monitorIdleTimeoutMs()).isEqualTo(30_000);
        assertThat(c.readerStrategy()).isEqualTo(ReaderStrategy.ROUND_ROBIN);
        assertThat(c.maxReplicaLagMs()).isZero();
        assertThat(c.readerEndpoint()).isFalse();
        assertThat(c.readYourWrites()).isFalse();
        assertThat(c.hostProbeIntervalMs()).isEqualTo(500);
        assertThat(c.stalledWriterGraceMs()).isEqualTo(10_000);
        assertThat(c.readWriteSplitting()).isFalse();
        assertThat(c.readerFallback()).isEqualTo(AuroraProperty.ReaderFallback.WRITER);
        assertThat(c.readYourWritesTimeoutMs()).isEqualTo(1000);
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(c.isGiven(p)).isFalse();
        }
    }

    @Test
    void everyPropertyFromTheUrl() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:mysql://h/db?clusterInstanceHostPattern=?.c.example.com"
                + "&topologySource=aurora-mysql&auroraMetadataSchema=mysql&clusterId=prod&topologyRefreshMs=5000"
                + "&topologyFastRefreshMs=50&probeTimeoutMs=300&hostProbeIntervalMs=250&stalledWriterGraceMs=0&connectTimeoutMs=2000&failoverTimeoutMs=20000"
                + "&monitorIdleTimeoutMs=0&readerStrategy=random&maxReplicaLagMs=250&readerEndpoint=true"
                + "&readYourWrites=true&readWriteSplitting=true&readerFallback=wait&readYourWritesTimeoutMs=300");
        assertThat(c.clusterInstanceHostPattern()).contains("?.c.example.com");
        assertThat(c.topologySource()).isEqualTo(TopologySource.AURORA_MYSQL);
        assertThat(c.auroraMetadataSchema()).isEqualTo("mysql");
        assertThat(c.clusterId()).contains("prod");
        assertThat(c.topologyRefreshMs()).isEqualTo(5_000);
        assertThat(c.topologyFastRefreshMs()).isEqualTo(50);
        assertThat(c.probeTimeoutMs()).isEqualTo(300);
        assertThat(c.hostProbeIntervalMs()).isEqualTo(250);
        assertThat(c.stalledWriterGraceMs()).isZero();
        assertThat(c.connectTimeoutMs()).isEqualTo(2_000);
        assertThat(c.failoverTimeoutMs()).isEqualTo(20_000);
        assertThat(c.monitorIdleTimeoutMs()).isZero();
        assertThat(c.readerStrategy()).isEqualTo(ReaderStrategy.RANDOM);
        assertThat(c.maxReplicaLagMs()).isEqualTo(250);
        assertThat(c.readerEndpoint()).isTrue();
        assertThat(c.readYourWrites()).isTrue();
        assertThat(c.readWriteSplitting()).isTrue();
        assertThat(c.readerFallback()).isEqualTo(AuroraProperty.ReaderFallback.WAIT);
        assertThat(c.readYourWritesTimeoutMs()).isEqualTo(300);
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(c.isGiven(p)).as(p.propertyName()).isTrue();
            assertThat(c.nativeProperties()).doesNotContainKey(p.propertyName());
        }
    }

    @Test
    void sameLoginComparesTheDatabaseAndTheNativePropertiesOnly() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db?topologyRefreshMs=2000", "user", "app", "password", "pw1");
        assertThat(c.sameLogin(c)).isTrue();
        assertThat(c.sameLogin(config("jdbc:aurora:postgresql://h2/db?readerEndpoint=true", "user", "app", "password", "pw1")))
                .as("other hosts and driver properties, same login").isTrue();
        assertThat(c.sameLogin(config("jdbc:aurora:postgresql://h/db", "user", "app", "password", "pw2"))).isFalse();
        assertThat(c.sameLogin(config("jdbc:aurora:postgresql://h/other", "user", "app", "password", "pw1"))).isFalse();
        assertThat(c.sameLogin(config("jdbc:aurora:postgresql://h/db?ssl=true", "user", "app", "password", "pw1"))).isFalse();
    }

    @Test
    void postgresqlUrlWinsOverProperties() throws SQLException {
        // as pgjdbc: org.postgresql.Driver.parseURL puts URL values above the given Properties
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db?topologyRefreshMs=2000&user=url&ssl=true",
                "topologyRefreshMs", "3000", "user", "info", "password", "pw", "ApplicationName", "app");
        assertThat(c.topologyRefreshMs()).isEqualTo(2_000);
        Properties p = c.nativeProperties();
        assertThat(p.getProperty("user")).isEqualTo("url");
        assertThat(p.getProperty("password")).isEqualTo("pw");
        assertThat(p.getProperty("ssl")).isEqualTo("true");
        assertThat(p.getProperty("ApplicationName")).isEqualTo("app");
    }

    @Test
    void mysqlPropertiesWinOverUrlAndUserInfoWinsOverBoth() throws SQLException {
        // as Connector/J: ConnectionUrl lets the Properties override the URL, and the user info override both
        AuroraConfig c = config("jdbc:aurora:mysql://bob:pw1@h/db?topologyRefreshMs=2000&user=url&useSSL=false",
                "topologyRefreshMs", "3000", "user", "info", "password", "pw2", "useSSL", "true");
        assertThat(c.topologyRefreshMs()).isEqualTo(3_000);
        Properties p = c.nativeProperties();
        assertThat(p.getProperty("user")).isEqualTo("bob");
        assertThat(p.getProperty("password")).isEqualTo("pw1");
        assertThat(p.getProperty("useSSL")).isEqualTo("true");
    }

    @Test
    void mergesAsPgjdbcDoes() throws SQLException {
        String rest = "//h/db?user=url&a=1&b=url";
        Properties info = new Properties();
        info.setProperty("user", "info");
        info.setProperty("b", "info");
        info.setProperty("c", "info");
        Properties ours = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:postgresql:" + rest), info).nativeProperties();
        Properties theirs = org.postgresql.Driver.parseURL("jdbc:postgresql:" + rest, info);
        for (String key : new String[] {"user", "a", "b", "c"}) {
            assertThat(ours.getProperty(key)).as(key).isEqualTo(theirs.getProperty(key));
        }
    }

    @Test
    void mergesAsConnectorJDoes() throws SQLException {
        String rest = "//bob:pw@h/db?user=url&a=1&b=url&Password=x";
        Properties info = new Properties();
        info.setProperty("USER", "info");
        info.setProperty("b", "info");
        info.setProperty("c", "info");
        Properties ours = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:mysql:" + rest), info).nativeProperties();
        Properties theirs = com.mysql.cj.conf.ConnectionUrl.getConnectionUrlInstance("jdbc:mysql:" + rest, info)
                .getMainHost().exposeAsProperties();
        for (String key : new String[] {"user", "password", "a", "b", "c"}) {
            assertThat(ours.getProperty(key)).as(key).isEqualTo(theirs.getProperty(key));
        }
    }

    @Test
    void mysqlMergesItsCaseInsensitiveKeysAsConnectorJDoes() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:mysql://h/db?User=url&Password=a&useSSL=false",
                "USER", "info", "UseSSL", "true");
        Properties p = c.nativeProperties();
        assertThat(p.getProperty("user")).isEqualTo("info");
        assertThat(p.getProperty("password")).isEqualTo("a");
        assertThat(p).doesNotContainKeys("User", "USER", "Password");
        // other Connector/J keys are case-sensitive: both spellings reach it, as they would
        assertThat(p.getProperty("useSSL")).isEqualTo("false");
        assertThat(p.getProperty("UseSSL")).isEqualTo("true");
    }

    @Test
    void postgresqlKeysAreCaseSensitive() throws SQLException {
        Properties p = config("jdbc:aurora:postgresql://h/db?User=a", "user", "b").nativeProperties();
        assertThat(p.getProperty("User")).isEqualTo("a");
        assertThat(p.getProperty("user")).isEqualTo("b");
    }

    @Test
    void nativePropertiesPassUnchanged() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db?options=-c%20x%3Dy&flag&readerStrategy=random",
                "sslmode", "verify-full", "weird key", " spaced value ");
        Properties p = c.nativeProperties();
        assertThat(p.getProperty("options")).isEqualTo("-c x=y");
        assertThat(p.getProperty("flag")).isEmpty();
        assertThat(p.getProperty("sslmode")).isEqualTo("verify-full");
        assertThat(p.getProperty("weird key")).isEqualTo(" spaced value ");
        assertThat(p).doesNotContainKey("readerStrategy");
    }

    @Test
    void nativePropertiesAreAFreshCopy() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db", "user", "u");
        c.nativeProperties().setProperty("user", "changed");
        assertThat(c.nativeProperties().getProperty("user")).isEqualTo("u");
    }

    @Test
    void propertiesWithDefaultsAndNonStringValues() throws SQLException {
        Properties defaults = new Properties();
        defaults.setProperty("readerStrategy", "lowest-latency");
        defaults.setProperty("user", "fromDefaults");
        Properties info = new Properties(defaults);
        info.put("notAString", 42);
        AuroraConfig c = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:postgresql://h/db"), info);
        assertThat(c.readerStrategy()).isEqualTo(ReaderStrategy.LOWEST_LATENCY);
        assertThat(c.nativeProperties().getProperty("user")).isEqualTo("fromDefaults");
        assertThat(c.nativeProperties()).doesNotContainKey("notAString");
    }

    @Test
    void postgresqlConnectTimeoutGoesToPgjdbcInSecondsUnlessSet() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db");
        Properties p = c.nativeProperties();
        assertThat(p.getProperty("connectTimeout")).isEqualTo("10");
        assertThat(p.getProperty("socketTimeout")).isEqualTo("10");
        assertThat(c.socketTimeoutForHandshakeOnly()).isTrue();
        // pgjdbc's loginTimeout would open every connection on a new thread: the socket timeout bounds the handshake
        assertThat(p).doesNotContainKey("loginTimeout");

        p = config("jdbc:aurora:postgresql://h/db?connectTimeoutMs=1500").nativeProperties();
        assertThat(p.getProperty("connectTimeout")).isEqualTo("2");
        assertThat(p.getProperty("socketTimeout")).isEqualTo("2");

        c = config("jdbc:aurora:postgresql://h/db?connectTimeoutMs=1&loginTimeout=3&socketTimeout=30", "connectTimeout", "7");
        p = c.nativeProperties();
        assertThat(p.getProperty("connectTimeout")).isEqualTo("7");
        assertThat(p.getProperty("loginTimeout")).as("the user's own").isEqualTo("3");
        assertThat(p.getProperty("socketTimeout")).isEqualTo("30");
        assertThat(c.socketTimeoutForHandshakeOnly()).as("the user's socketTimeout stays").isFalse();
    }

    @Test
    void mysqlConnectTimeoutGoesToConnectorJInMillisecondsUnlessSet() throws SQLException {
        assertThat(config("jdbc:aurora:mysql://h/db").nativeProperties().getProperty("connectTimeout"))
                .isEqualTo("10000");
        assertThat(config("jdbc:aurora:mysql://h/db?connectTimeoutMs=1500").nativeProperties()
                .getProperty("connectTimeout")).isEqualTo("1500");
        assertThat(config("jdbc:aurora:mysql://h/db?connectTimeout=0").nativeProperties()
                .getProperty("connectTimeout")).isEqualTo("0");
        assertThat(config("jdbc:aurora:mysql://h/db").nativeProperties()).doesNotContainKey("loginTimeout");
    }

    @Test
    void badValueFromUrlOrPropertiesIs22023WithNameAndValue() {
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?topologyRefreshMs=fast"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("topologyRefreshMs").hasMessageContaining("'fast'");
        assertThatThrownBy(() -> config("jdbc:aurora:mysql://h/db", "readerStrategy", "nearest"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("readerStrategy").hasMessageContaining("'nearest'");
    }

    /** Found by UrlAndPropertyFuzzTest: with '?' typed for '&', the password became part of another value and was shown. */
    @Test
    void aValueCarryingAPasswordAfterAMistypedSeparatorIsNeverShown() throws SQLException {
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?topologyRefreshMs=2000?password=hunter1"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("topologyRefreshMs").hasMessageNotContaining("hunter1");
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db?ssl=true?password=hunter2");
        assertThat(c.toString()).doesNotContain("hunter2").contains("ssl=***");
    }

    @Test
    void aMisspellingOfOneOfOurNamesIsRefusedWhenTheNativeDriverDoesNotKnowItEither() {
        // One letter short, two letters swapped: pgjdbc and Connector/J would ignore them in silence.
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?readWriteSpliting=true"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("'readWriteSpliting'").hasMessageContaining("org.postgresql.Driver")
                .hasMessageContaining("did you mean 'readWriteSplitting'");
        assertThatThrownBy(() -> config("jdbc:aurora:mysql://h/db", "readerStratgy", "random"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("com.mysql.cj.jdbc.Driver").hasMessageContaining("did you mean 'readerStrategy'");
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?failvoerTimeoutMs=100"))
                .isInstanceOf(SQLException.class).hasMessageContaining("did you mean 'failoverTimeoutMs'");
    }

    @Test
    void aNameNearOneOfOursThatTheNativeDriverKnowsReachesIt() throws SQLException {
        // connectTimeout is two letters from connectTimeoutMs, and both native drivers' own.
        assertThat(config("jdbc:aurora:postgresql://h/db?connectTimeout=7").nativeProperties().getProperty("connectTimeout"))
                .isEqualTo("7");
        assertThat(config("jdbc:aurora:mysql://h/db?connectTimeout=7000").nativeProperties().getProperty("connectTimeout"))
                .isEqualTo("7000");
        // Names far from ours pass unchanged, known to the native driver or not.
        assertThat(config("jdbc:aurora:postgresql://h/db?applicationName=x&someFutureOption=1").nativeProperties())
                .containsEntry("applicationName", "x").containsEntry("someFutureOption", "1");
    }

    @Test
    void nearnessIsAtMostTwoEditsAndOneForShortNames() {
        assertThat(MisspelledProperties.distance("readwritespliting", "readwritesplitting")).isEqualTo(1);
        assertThat(MisspelledProperties.distance("readerstratgy", "readerstrategy")).isEqualTo(1);
        assertThat(MisspelledProperties.distance("ab", "ba")).isEqualTo(1); // a swap is one edit
        assertThat(MisspelledProperties.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(MisspelledProperties.nearest("readWriteSplitingg")).isEqualTo(AuroraProperty.READ_WRITE_SPLITTING);
        assertThat(MisspelledProperties.nearest("readWriteSplttng")).isEqualTo(AuroraProperty.READ_WRITE_SPLITTING);
        assertThat(MisspelledProperties.nearest("readWriteSpl")).isNull();
        assertThat(MisspelledProperties.nearest("sslmode")).isNull();
    }

    @Test
    void propertyNamesDifferingOnlyInCaseAreRefused() {
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?readerstrategy=random"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("'readerstrategy'").hasMessageContaining("did you mean 'readerStrategy'");
        assertThatThrownBy(() -> config("jdbc:aurora:mysql://h/db", "TOPOLOGYSOURCE", "static"))
                .isInstanceOf(SQLException.class).hasMessageContaining("did you mean 'topologySource'");
    }

    @Test
    void fastRefreshMayNotExceedRefresh() throws SQLException {
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?topologyRefreshMs=1000&topologyFastRefreshMs=1001"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("'1001'").hasMessageContaining("topologyRefreshMs (1000)");
        assertThat(config("jdbc:aurora:postgresql://h/db?topologyRefreshMs=100").topologyFastRefreshMs())
                .isEqualTo(100);
    }

    @Test
    void topologySourceMustFitTheEngine() throws SQLException {
        assertThatThrownBy(() -> config("jdbc:aurora:postgresql://h/db?topologySource=aurora-mysql"))
                .isInstanceOf(SQLException.class)
                .hasFieldOrPropertyWithValue("SQLState", "22023")
                .hasMessageContaining("'aurora-mysql'").hasMessageContaining("jdbc:aurora:postgresql:");
        assertThatThrownBy(() -> config("jdbc:aurora:mysql://h/db", "topologySource", "postgresql-streaming"))
                .isInstanceOf(SQLException.class).hasMessageContaining("'postgresql-streaming'");
        assertThat(config("jdbc:aurora:postgresql://h/db?topologySource=postgresql-streaming").topologySource())
                .isEqualTo(TopologySource.POSTGRESQL_STREAMING);
        assertThat(config("jdbc:aurora:mysql://h/db?topologySource=static").topologySource())
                .isEqualTo(TopologySource.STATIC);
    }

    @Test
    void emptyOptionalValueMeansUnset() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:postgresql://h/db?clusterId=&clusterInstanceHostPattern=");
        assertThat(c.clusterId()).isEmpty();
        assertThat(c.clusterInstanceHostPattern()).isEmpty();
        assertThat(c.isGiven(AuroraProperty.CLUSTER_ID)).isFalse();
    }

    @Test
    void toStringMasksEveryPassword() throws SQLException {
        AuroraConfig c = config("jdbc:aurora:mysql://bob:hunter1@h/db?sslPassword=hunter2&readerStrategy=random",
                "trustCertificateKeyStorePassword", "hunter3", "user", "info");
        assertThat(c.toString()).doesNotContain("hunter")
                .contains("readerStrategy=random", "user=bob", "password=***");
        assertThat(c.nativeProperties()).contains(Map.entry("password", "hunter1"), Map.entry("sslPassword", "hunter2"));
    }

    /** Found by UrlAndPropertyFuzzTest: a connect to a refusing host took 4 s per host, whatever connectTimeoutMs said. */
    @Test
    void connectorJsAutoReconnectIsRefused() throws SQLException {
        for (String value : new String[] {"true", "TRUE", " yes "}) {
            assertThatThrownBy(() -> config("jdbc:aurora:mysql://localhost:38007,127.0.0.1:38007/db", "autoReconnect", value))
                    .isInstanceOf(SQLException.class).hasMessageContaining("autoReconnect").hasMessageContaining("fails over by itself")
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        }
        assertThatThrownBy(() -> config("jdbc:aurora:mysql://h/db?autoReconnect=true"))
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("22023");
        assertThat(config("jdbc:aurora:mysql://h/db?autoReconnect=false").nativeProperties().getProperty("autoReconnect")).isEqualTo("false");
        // pgjdbc has no such property: passed on as any unknown one
        assertThat(config("jdbc:aurora:postgresql://h/db?autoReconnect=true").nativeProperties().getProperty("autoReconnect")).isEqualTo("true");
    }

    @Test
    void aReaderEndpointInTheUrlMeansReaderEndpointUnlessSet() throws SQLException {
        String reader = "jdbc:aurora:postgresql://mydb.cluster-ro-cxyz.us-east-1.rds.amazonaws.com/app";
        assertThat(config(reader).readerEndpoint()).isTrue();
        assertThat(config(reader, "readerEndpoint", "false").readerEndpoint()).isFalse();
        assertThat(config("jdbc:aurora:postgresql://mydb.cluster-cxyz.us-east-1.rds.amazonaws.com/app").readerEndpoint())
                .isFalse();
    }
}
