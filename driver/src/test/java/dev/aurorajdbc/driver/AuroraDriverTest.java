package dev.aurorajdbc.driver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The driver's surface without a server: registration, foreign URLs, and bounded, clear failures. */
class AuroraDriverTest {

    @Test
    void driverManagerFindsTheDriverWithoutClassForName() throws SQLException {
        Driver d = DriverManager.getDriver("jdbc:aurora:postgresql://db.example.com/app");
        assertThat(d).isInstanceOf(AuroraDriver.class);
        assertThat(DriverManager.getDriver("jdbc:aurora:mysql://db.example.com/app")).isSameAs(d);
    }

    @Test
    void foreignUrlsAreLeftToOtherDrivers() throws SQLException {
        AuroraDriver driver = new AuroraDriver();
        assertThat(driver.acceptsURL("jdbc:postgresql://h/db")).isFalse();
        assertThat(driver.acceptsURL(null)).isFalse();
        assertThat(driver.connect("jdbc:postgresql://h/db", new Properties())).isNull();
    }

    @Test
    void aMalformedUrlFailsWith08001() {
        assertThatThrownBy(() -> new AuroraDriver().connect("jdbc:aurora:oracle://h/db", new Properties()))
                .isInstanceOf(SQLException.class).hasMessageContaining("oracle")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }

    @Test
    void getPropertyInfoListsEveryDriverProperty() {
        assertThat(new AuroraDriver().getPropertyInfo("jdbc:aurora:postgresql://h/db", null)).hasSize(AuroraProperty.values().length);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "mysql"})
    void aHostThatRefusesFailsFastWith08001(String engine) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there now
        }
        long t = System.nanoTime();
        assertThatThrownBy(() -> new AuroraDriver().connect("jdbc:aurora:" + engine + "://127.0.0.1:" + port
                + "/app?connectTimeoutMs=1000", credentials()))
                .isInstanceOf(SQLException.class).hasMessageContaining("127.0.0.1:" + port)
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t)).isLessThan(5_000);
    }

    /** A host that accepts TCP but never answers (a hung server) is bounded by the connect timeout, not the OS. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"postgresql", "mysql"})
    void aHostThatNeverAnswersIsBoundedByTheConnectTimeout(String engine) throws IOException {
        try (ServerSocket silent = new ServerSocket()) {
            silent.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50); // never accept()s
            long t = System.nanoTime();
            assertThatThrownBy(() -> new AuroraDriver().connect("jdbc:aurora:" + engine + "://127.0.0.1:" + silent.getLocalPort()
                    + "/app?connectTimeoutMs=1000", credentials()))
                    .isInstanceOf(SQLException.class)
                    .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t)).as("bounded by connectTimeoutMs").isLessThan(4_000);
        }
    }

    @Test
    void aMissingNativeDriverNamesTheArtifactToAdd() {
        assertThatThrownBy(() -> dev.aurorajdbc.driver.cluster.NativeDrivers.load("org.example.NoSuchDriver",
                "org.example:no-such-driver", "postgresql"))
                .isInstanceOf(SQLException.class).hasMessageContaining("org.example:no-such-driver")
                .extracting(e -> ((SQLException) e).getSQLState()).isEqualTo("08001");
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "not-the-password");
        return p;
    }
}
