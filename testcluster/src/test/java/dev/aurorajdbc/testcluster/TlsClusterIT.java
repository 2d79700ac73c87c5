package dev.aurorajdbc.testcluster;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A cluster with TLS ({@code tls(true)}): the nodes' URLs verify the certificates and host names, the sessions are
 * encrypted server-side, the application user cannot log in without TLS, and a replica added later and the nodes after
 * a failover (promoted, rejoined) serve TLS with their certificates.
 */
@Tag("integration")
class TlsClusterIT {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void nodesServeVerifiedTlsAndRefuseTheApplicationUserWithout(Engine engine) throws Exception {
        try (TestCluster cluster = TestCluster.builder(engine).replicas(1).autoFailover(null).tls(true).start()) {
            assertThat(cluster.tls()).isTrue();
            assertThat(Files.readString(cluster.caCertificatePath())).startsWith("-----BEGIN CERTIFICATE-----");
            assertThat(cluster.trustStorePath()).isRegularFile();
            assertThat(cluster.auroraUrl()).contains(cluster.tlsUrlParameters());
            for (Node n : cluster.nodes()) {
                assertThat(n.jdbcUrl()).contains(cluster.tlsUrlParameters()).doesNotContain("DISABLED");
                assertEncrypted(cluster, n);
                assertPlaintextRefused(cluster, n);
            }
            Node added = cluster.addReplica();
            assertEncrypted(cluster, added);
            Node oldWriter = cluster.writer();
            cluster.failover();
            assertThat(cluster.writer()).isNotEqualTo(oldWriter);
            for (Node n : cluster.nodes()) {
                assertEncrypted(cluster, n);
            }
        }
    }

    static void assertEncrypted(TestCluster cluster, Node node) throws SQLException {
        try (Connection c = cluster.connect(node, Duration.ofSeconds(10)); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(cluster.engine() == Engine.POSTGRESQL
                     ? "SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()"
                     : "SHOW SESSION STATUS LIKE 'Ssl_cipher'")) {
            assertThat(rs.next()).isTrue();
            String value = rs.getString(cluster.engine() == Engine.POSTGRESQL ? 1 : 2);
            if (cluster.engine() == Engine.POSTGRESQL) {
                assertThat(value).as("pg_stat_ssl.ssl on node %s", node.id()).isEqualTo("true");
            } else {
                assertThat(value).as("Ssl_cipher on node %s", node.id()).isNotBlank();
            }
        }
    }

    private static void assertPlaintextRefused(TestCluster cluster, Node node) {
        String plain = node.jdbcUrl().substring(0, node.jdbcUrl().indexOf('?'))
                + (cluster.engine() == Engine.POSTGRESQL ? "?sslmode=disable" : "?sslMode=DISABLED&allowPublicKeyRetrieval=true");
        Properties props = new Properties();
        props.setProperty("user", cluster.user());
        props.setProperty("password", cluster.password());
        assertThatThrownBy(() -> DriverManager.getConnection(plain, props).close())
                .as("a plaintext login of the application user on node %s", node.id())
                .isInstanceOf(SQLException.class);
    }
}
