package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.engine.Engines;
import dev.aurorajdbc.testcluster.junit.TestClusterExtension;
import dev.aurorajdbc.testcluster.spi.Binaries;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A synchronous (semi-sync) cluster on the MySQL 8 server, process backend: binaries without the semisync plugins
 * (the Maven Central ones) refuse it at start with a message naming the plugin and the remedy; binaries with them
 * start it with semi-sync on.
 */
@Tag("integration")
class MySql8SyncModeIT {

    @Test
    void aSynchronousClusterNeedsTheSemiSyncPlugins() throws SQLException {
        Binaries binaries;
        try {
            binaries = Engines.locate(Engine.MYSQL, MySqlServer.MYSQL);
        } catch (TestClusterException e) {
            throw TestClusterExtension.unavailable("MySQL 8 server binaries", e);
        }
        TestCluster.Builder builder = TestCluster.builder(Engine.MYSQL).mysqlServer(MySqlServer.MYSQL).backend(BackendType.PROCESS)
                .replicas(1).sync(true).autoFailover(null);
        if (binaries.origin().startsWith("maven ")) {
            long t0 = System.nanoTime();
            assertThatThrownBy(builder::start).isInstanceOf(TestClusterException.class)
                    .hasMessageContaining("semisync_source.so")
                    .hasMessageContaining("semisync_replica.so")
                    .hasMessageContaining("official mysql image");
            System.out.printf("MySQL %s without semi-sync plugins: sync(true) refused after %d ms%n", binaries.version(),
                    (System.nanoTime() - t0) / 1_000_000);
            return;
        }
        try (TestCluster cluster = builder.start(); Connection c = cluster.connect(cluster.writer());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SHOW GLOBAL STATUS LIKE 'Rpl_semi_sync_source_status'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("ON");
        }
    }
}
