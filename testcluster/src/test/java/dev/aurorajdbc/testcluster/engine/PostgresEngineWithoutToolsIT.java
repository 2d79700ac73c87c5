package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.NodeRuntime;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import static dev.aurorajdbc.testcluster.engine.PostgresTestCluster.OP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine with binaries that lack {@code pg_basebackup} and {@code pg_rewind}, as Zonky's bundle does: replicas
 * are cloned with the low-level backup API, and a former writer rejoins by a re-clone.
 */
@Tag("integration")
class PostgresEngineWithoutToolsIT {

    @Test
    void clonesAndRejoinsWithoutBasebackupOrRewind() throws SQLException {
        var binaries = new PostgresTestCluster.WithoutTools(PostgresTestCluster.binariesOrSkip(), List.of("pg_basebackup", "pg_rewind"));
        try (PostgresTestCluster cluster = new PostgresTestCluster("pgit-notools", 21, binaries, "w", "r1", "r2").startAll()) {
            NodeRuntime w = cluster.node(0);
            NodeRuntime r1 = cluster.node(1);
            NodeRuntime r2 = cluster.node(2);
            assertThat(cluster.logMessages()).filteredOn(m -> m.contains("initialised (pg_backup_start and a file copy)")).hasSize(2);
            cluster.createTable(w);
            cluster.insert(w, 1);
            cluster.awaitRows(r1, 1);
            cluster.awaitRows(r2, 1);

            w.signal(NodeRuntime.Signal.KILL);
            assertThat(w.awaitExit(Duration.ofSeconds(10))).isTrue();
            cluster.timed("promote", () -> cluster.engine.promote(r1, cluster.config, OP));
            cluster.timed("follow", () -> cluster.engine.follow(r2, r1, cluster.config, OP));
            cluster.insert(r1, 2);
            cluster.timed("rejoin after SIGKILL (re-clone)", () -> cluster.engine.rejoin(w, r1, cluster.config, OP));
            assertThat(cluster.logMessages()).anyMatch(m -> m.contains("node w: rejoined") && m.contains("via re-clone"));
            cluster.insert(r1, 3);
            cluster.assertOneWriterOthersStreaming(r1, 1, 2, 3);
        }
    }
}
