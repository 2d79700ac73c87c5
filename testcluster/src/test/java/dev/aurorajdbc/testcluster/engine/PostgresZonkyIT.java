package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;

import static dev.aurorajdbc.testcluster.engine.PostgresTestCluster.OP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The last resort of {@link PostgresBinaries}: Zonky's bundle from Maven Central (downloaded into the local Maven
 * repository once, unpacked once), running a writer and a replica and a rejoin by re-clone.
 */
@Tag("integration")
class PostgresZonkyIT {

    @Test
    void zonkyBundleRunsAClusterWithoutTheMissingTools() throws SQLException {
        Binaries zonky;
        try {
            zonky = PostgresBinaries.fromMavenCentral();
        } catch (TestClusterException e) {
            throw dev.aurorajdbc.testcluster.junit.TestClusterExtension.unavailable(
                    "cannot fetch Zonky's PostgreSQL bundle from Maven Central", e);
        }
        assertThat(zonky.origin()).contains("Maven Central");
        assertThat(zonky.version()).startsWith(PostgresBinaries.ZONKY_VERSION.substring(0, PostgresBinaries.ZONKY_VERSION.lastIndexOf('.')));
        assertThat(zonky.tool("initdb")).isNotNull();
        assertThat(zonky.tool("postgres")).isNotNull();
        assertThat(zonky.tool("pg_basebackup")).isNull();
        assertThat(zonky.tool("pg_rewind")).isNull();

        try (PostgresTestCluster cluster = new PostgresTestCluster("pgit-zonky", 31, zonky, "w", "r1").startAll()) {
            NodeRuntime w = cluster.node(0);
            NodeRuntime r1 = cluster.node(1);
            cluster.createTable(w);
            cluster.insert(w, 1);
            cluster.awaitRows(r1, 1);

            w.signal(NodeRuntime.Signal.KILL);
            assertThat(w.awaitExit(Duration.ofSeconds(10))).isTrue();
            cluster.timed("promote", () -> cluster.engine.promote(r1, cluster.config, OP));
            cluster.insert(r1, 2);
            cluster.timed("rejoin (re-clone)", () -> cluster.engine.rejoin(w, r1, cluster.config, OP));
            assertThat(cluster.logMessages()).anyMatch(m -> m.contains("node w: rejoined") && m.contains("via re-clone"));
            cluster.assertOneWriterOthersStreaming(r1, 1, 2);
        }
    }
}
