package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.endpoint.EndpointNames;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * TLS with host name verification (pgjdbc {@code sslmode=verify-full}, Connector/J {@code sslMode=VERIFY_IDENTITY})
 * through endpoint names only: the test cluster's certificates carry Aurora's wildcard names, so the cluster endpoint,
 * the reader endpoint and the instance endpoints the driver moves to all verify, as with Aurora's own certificates.
 * Runs in the {@code endpoint-names} failsafe execution (the hosts file). Subclasses: one per engine.
 */
@Tag("integration")
abstract class TlsEndpointIT {
    private final TestCluster cluster;
    private final EndpointNames names;

    TlsEndpointIT(TestCluster cluster) {
        this.cluster = cluster;
        this.names = cluster.endpoints();
        assertThat(cluster.tls()).isTrue();
    }

    private Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url, cluster.user(), cluster.password());
    }

    private static String host(Connection c) throws SQLException {
        return c.unwrap(AuroraConnection.class).hostDescription();
    }

    @Test
    void theClusterAndReaderEndpointsVerifyAndLeadToInstanceNamesOverTls() throws Exception {
        String url = cluster.endpointUrl();
        assertThat(url).containsAnyOf("sslmode=verify-full", "sslMode=VERIFY_IDENTITY");
        try (Connection c = connect(url); Statement s = c.createStatement()) {
            assertThat(host(c)).isEqualTo(names.instanceEndpoint(cluster.writer().id()) + ":" + cluster.port());
            s.execute("CREATE TABLE IF NOT EXISTS tls_endpoint_rows (id INT PRIMARY KEY)");
            s.executeUpdate("INSERT INTO tls_endpoint_rows (id) VALUES (1)");
        }
        try (Connection c = connect(cluster.endpointUrl(names.readerEndpoint()))) {
            assertThat(c.isReadOnly()).isTrue();
            assertThat(host(c)).isEqualTo(names.instanceEndpoint(cluster.replicas().get(0).id()) + ":" + cluster.port());
            try (Statement s = c.createStatement()) {
                s.executeQuery("SELECT 1").close();
            }
        }
    }
}
