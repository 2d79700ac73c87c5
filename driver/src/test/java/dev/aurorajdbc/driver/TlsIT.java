package dev.aurorajdbc.driver;

import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.proxy.FaultProxy;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * TLS end to end through {@code jdbc:aurora:} on a cluster whose servers require TLS of the application user
 * ({@code tls = true}: PostgreSQL rejects its connections without TLS, MySQL's account is {@code REQUIRE SSL}), with
 * pgjdbc's {@code sslmode=verify-full} / Connector/J's {@code sslMode=VERIFY_IDENTITY} against the cluster's own CA:
 * the sessions are encrypted server-side, read/write splitting lands on a replica over TLS, a failover (the writer
 * killed) ends on the new writer over TLS — which the driver's monitor could only find over TLS, as a plaintext login
 * is refused — and a wrong CA or a host name the certificates do not carry fails at once with {@code 08001} naming the
 * cause. Tests run in order; one failover in all. Subclasses choose the engine.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class TlsIT {
    private static final long CONNECT_TIMEOUT_MS = 8_000;

    private final TestCluster cluster;
    private static final List<AutoCloseable> CLOSE = new ArrayList<>();

    TlsIT(TestCluster cluster) {
        this.cluster = cluster;
        assertThat(cluster.tls()).isTrue();
    }

    @AfterAll
    static void closeForwarders() throws Exception {
        for (AutoCloseable c : CLOSE) {
            c.close();
        }
        CLOSE.clear();
    }

    private String url(String extra) {
        return cluster.auroraUrl() + "&connectTimeoutMs=" + CONNECT_TIMEOUT_MS + extra;
    }

    private Connection connect(String extra) throws SQLException {
        return DriverManager.getConnection(url(extra), cluster.user(), cluster.password());
    }

    @Test
    @Order(1)
    void theSessionIsEncryptedServerSide() throws SQLException {
        assertThat(cluster.auroraUrl()).contains(cluster.engine() == Engine.POSTGRESQL ? "sslmode=verify-full"
                : "sslMode=VERIFY_IDENTITY");
        try (Connection c = connect("")) {
            assertThat(host(c)).isEqualTo(cluster.writer().address());
            assertEncrypted(c);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS tls_rows (id INT PRIMARY KEY)");
                s.execute("DELETE FROM tls_rows");
                s.execute("INSERT INTO tls_rows VALUES (1)");
            }
        }
    }

    @Test
    @Order(2)
    void readWriteSplittingLandsOnAReplicaOverTls() throws SQLException {
        try (Connection c = connect("&readWriteSplitting=true&readYourWrites=true")) {
            try (Statement s = c.createStatement()) {
                s.execute("INSERT INTO tls_rows VALUES (2)");
            }
            c.setReadOnly(true);
            assertThat(host(c)).isIn(cluster.replicas().stream().map(Node::address).collect(Collectors.toSet()));
            assertEncrypted(c);
            assertThat(count(c)).as("the write, read on the replica").isEqualTo(2);
            c.setReadOnly(false);
            assertThat(host(c)).isEqualTo(cluster.writer().address());
            assertEncrypted(c);
        }
    }

    @Test
    @Order(3)
    void aFailoverEndsOnTheNewWriterOverTls() throws Exception {
        try (Connection c = connect("&failoverTimeoutMs=30000")) {
            Node old = cluster.writer();
            assertThat(host(c)).isEqualTo(old.address());
            cluster.kill(old);
            cluster.failover();
            Node now = cluster.writer();
            SQLException failover = null;
            long started = System.nanoTime();
            for (int id = 3; ; id++) {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO tls_rows VALUES (" + id + ")");
                    break;
                } catch (SQLException e) {
                    failover = e;
                }
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(60_000);
            }
            assertThat((Throwable) failover).as("the failover's exception").isNotNull();
            assertThat(failover.getSQLState()).as(failover.getMessage()).isIn(SqlStates.FAILOVER_SUCCEEDED, "08007");
            assertThat(host(c)).as("the connection is on the new writer").isEqualTo(now.address());
            assertEncrypted(c);
            if (cluster.engine() == Engine.POSTGRESQL) {
                // Every session of the application user on the new writer (this one, the monitor's) is encrypted.
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE ssl),"
                        + " count(*) FILTER (WHERE NOT ssl) FROM pg_stat_ssl JOIN pg_stat_activity USING (pid)"
                        + " WHERE usename = current_user")) {
                    rs.next();
                    assertThat(rs.getLong(1)).as("TLS sessions of the application user").isGreaterThanOrEqualTo(1);
                    assertThat(rs.getLong(2)).as("plaintext sessions of the application user").isZero();
                }
            }
        }
        cluster.awaitWriter(Duration.ofSeconds(30));
    }

    @Test
    @Order(4)
    void aWrongCaFailsAtOnceWith08001NamingTheCertificate(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        String wrong = wrongCaParameters(dir);
        // The cluster's context exists (its monitor trusts the right CA): the connect's own TLS settings decide.
        assertFailsWith08001(cluster.auroraUrl().replace(cluster.tlsUrlParameters(), wrong), "certificate");
        // A URL of its own (only the writer's address, a static topology): a new context, whose first contact fails.
        String single = cluster.auroraUrl().replaceFirst("://[^/]+/", "://" + cluster.writer().address() + "/")
                .replace(cluster.tlsUrlParameters(), wrong) + "&topologySource=static";
        assertFailsWith08001(single, "certificate");
    }

    @Test
    @Order(5)
    void aHostNameTheCertificatesDoNotCarryFailsAtOnceWith08001NamingIt() throws Exception {
        // The whole cluster forwarded from 127.1.B.x: the certificates name 127.0.B.x only.
        List<String> forwarded = new ArrayList<>();
        for (Node n : cluster.nodes()) {
            String[] ip = n.host().split("\\.");
            String host = "127.1." + ip[2] + "." + ip[3];
            FaultProxy proxy = new FaultProxy("tls-it-" + n.id(), new InetSocketAddress(host, n.port()),
                    new InetSocketAddress(n.host(), n.port()));
            proxy.start();
            CLOSE.add(proxy);
            forwarded.add(host + ":" + n.port());
        }
        String pattern = cluster.instanceHostPattern().replaceFirst("^127\\.0\\.", "127.1.");
        String url = cluster.auroraUrl().replaceFirst("://[^/]+/", "://" + String.join(",", forwarded) + "/")
                .replace("clusterInstanceHostPattern=" + cluster.instanceHostPattern(), "clusterInstanceHostPattern=" + pattern);
        assertFailsWith08001(url, cluster.engine() == Engine.POSTGRESQL ? "hostname" : "identity");
    }

    private void assertFailsWith08001(String url, String named) {
        long started = System.nanoTime();
        SQLException e = assertThrows(SQLException.class,
                () -> DriverManager.getConnection(url + "&connectTimeoutMs=" + CONNECT_TIMEOUT_MS, cluster.user(),
                        cluster.password()).close());
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("%s: %s after %d ms: %s%n", cluster.engine(), e.getSQLState(), ms, e.getMessage());
        assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo(SqlStates.UNABLE_TO_CONNECT);
        assertThat(e.getMessage()).containsIgnoringCase("TLS").containsIgnoringCase(named);
        assertThat(ms).as("within connectTimeoutMs").isLessThan(CONNECT_TIMEOUT_MS);
    }

    /** TLS parameters of the engine's native driver that trust another CA than the cluster's. */
    private String wrongCaParameters(Path dir) throws Exception {
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other.key",
                "-out", "other.pem", "-days", "1", "-subj", "/CN=another CA").directory(dir.toFile())
                .redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        Path pem = dir.resolve("other.pem");
        if (cluster.engine() == Engine.POSTGRESQL) {
            return "sslmode=verify-full&sslrootcert=" + URLEncoder.encode(pem.toString(), StandardCharsets.UTF_8);
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("other", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))));
        Path p12 = dir.resolve("other.p12");
        try (OutputStream out = Files.newOutputStream(p12)) {
            store.store(out, "changeit".toCharArray());
        }
        return "sslMode=VERIFY_IDENTITY&trustCertificateKeyStoreUrl=" + URLEncoder.encode(p12.toUri().toString(), StandardCharsets.UTF_8)
                + "&trustCertificateKeyStoreType=PKCS12&trustCertificateKeyStorePassword=changeit";
    }

    private void assertEncrypted(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(cluster.engine() == Engine.POSTGRESQL
                ? "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()" : "SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            if (cluster.engine() == Engine.POSTGRESQL) {
                assertThat(rs.getString(1)).as("pg_stat_ssl.ssl").isEqualTo("true");
            } else {
                assertThat(rs.getString(2)).as("Ssl_cipher").isNotBlank();
            }
        }
    }

    private static long count(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM tls_rows")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static String host(Connection c) throws SQLException {
        return c.unwrap(AuroraConnection.class).hostDescription();
    }
}
