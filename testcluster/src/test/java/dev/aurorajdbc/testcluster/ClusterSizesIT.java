package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.junit.TestClusterExtension;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static dev.aurorajdbc.testcluster.ClusterAssertions.assertMetadataTrue;
import static dev.aurorajdbc.testcluster.ClusterAssertions.awaitCount;
import static dev.aurorajdbc.testcluster.ClusterAssertions.execute;
import static dev.aurorajdbc.testcluster.ClusterAssertions.isWritable;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The extremes of Aurora's sizes: a lone writer, and one writer with 15 replicas. */
@Tag("integration")
class ClusterSizesIT {

    @Test
    void aLoneWriterWorksAndCannotFailOver() throws SQLException {
        try (TestCluster cluster = TestClusterExtension.startOrSkip(TestCluster.builder(Engine.POSTGRESQL).replicas(0)
                .sync(true).autoFailover(null))) {
            assertThat(cluster.nodes()).hasSize(1);
            // Synchronous, but with no replica the writer commits rather than block.
            execute(cluster, cluster.writer(), "CREATE TABLE lone (id INT)");
            execute(cluster, cluster.writer(), "INSERT INTO lone VALUES (1)");
            assertThatThrownBy(cluster::failover).isInstanceOf(TestClusterException.class).hasMessageContaining("no running");
            assertThat(isWritable(cluster, cluster.writer())).isTrue();
            assertMetadataTrue(cluster);
        }
    }

    @Test
    void fifteenReplicasReplicateAndFollowANewWriter() throws SQLException {
        try (TestCluster cluster = TestClusterExtension.startOrSkip(TestCluster.builder(Engine.POSTGRESQL).replicas(15)
                .autoFailover(null))) {
            assertThat(cluster.nodes()).hasSize(16);
            assertThat(cluster.replicas()).hasSize(15);
            assertThatThrownBy(cluster::addReplica).hasMessageContaining("15 replicas");
            cluster.failover();
            Node writer = cluster.writer();
            execute(cluster, writer, "CREATE TABLE wide (id INT)");
            execute(cluster, writer, "INSERT INTO wide VALUES (1), (2)");
            for (Node replica : cluster.replicas()) {
                awaitCount(cluster, replica, "SELECT COUNT(*) FROM wide", 2, Duration.ofSeconds(30));
            }
            assertMetadataTrue(cluster);
        }
    }
}
