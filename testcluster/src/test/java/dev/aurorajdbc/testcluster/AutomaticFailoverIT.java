package dev.aurorajdbc.testcluster;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static dev.aurorajdbc.testcluster.ClusterAssertions.assertMetadataTrue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replication and the watchdog, one cluster per engine (subclasses): a writer inserts continuously while the writer
 * fails over by hand or dies, hangs or is cut off, and the watchdog must fail over by itself. With synchronous
 * replication every acknowledged insert must be on the new writer; with asynchronous replication (a MySQL 8 server
 * without the semi-sync plugins) only what asynchronous replication promises is checked: every insert acknowledged
 * once the new writer took over is there, and the rows lost before it are reported.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AutomaticFailoverIT {
    private static final Duration WATCHDOG = Duration.ofSeconds(30);

    private final TestCluster cluster;

    AutomaticFailoverIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    @Order(1)
    void everyAcknowledgedCommitSurvivesAManualFailover() throws SQLException {
        try (ContinuousWriter writer = new ContinuousWriter(cluster, "manual_failover", 2).start()) {
            awaitAcks(writer, 50);
            writer.markFault();
            cluster.failover();
            assertThat(writer.awaitResumed(20_000)).as("writes resume after failover()").isTrue();
            int takenOver = writer.acknowledged().size();
            awaitAcks(writer, takenOver + 50);
            writer.stop();
            assertDurability(writer, takenOver);
        }
        assertMetadataTrue(cluster);
    }

    /**
     * A manual failover passes through a moment with no writer (the old one fenced, the new one not yet promoted); the
     * watchdog, which looks every 200 ms, meets it now and then and must take it for what it is, not warn that the
     * cluster has no writer. Four failovers give it several chances to meet it.
     */
    @Test
    @Order(1)
    void manualFailoversRaiseNoWarningFromTheControlLoop() {
        Logger logger = Logger.getLogger(ControlLoop.class.getName());
        List<String> warnings = new CopyOnWriteArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
                    warnings.add(r.getMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        logger.addHandler(handler);
        try {
            for (int i = 0; i < 4; i++) {
                cluster.failover();
            }
        } finally {
            logger.removeHandler(handler);
        }
        assertThat(warnings).as("the control loop's warnings during four manual failovers").isEmpty();
    }

    /**
     * Synchronous: no acknowledged row is missing on the writer. Asynchronous: none of those acknowledged from index
     * {@code takenOver} on (after the new writer took over and the old one was fenced) is missing.
     */
    private void assertDurability(ContinuousWriter writer, int takenOver) throws SQLException {
        if (cluster.sync()) {
            assertNoneMissing(writer, cluster.failovers());
            return;
        }
        java.util.List<Long> missing = writer.missingOn(cluster.writer());
        java.util.List<Long> acknowledged = writer.acknowledged();
        assertThat(missing).as("rows acknowledged after the new writer took over are all there")
                .doesNotContainAnyElementsOf(acknowledged.subList(takenOver, acknowledged.size()));
        System.out.printf("%s (asynchronous): %d of %d acknowledged rows lost in the failover %s%n", cluster.name(),
                missing.size(), acknowledged.size(), missing);
    }

    /** Fails with what each node holds of the missing rows, and the failovers, so that a failure explains itself. */
    private void assertNoneMissing(ContinuousWriter writer, java.util.List<FailoverReport> failovers) throws SQLException {
        java.util.List<Long> missing = writer.missingOn(cluster.writer());
        if (missing.isEmpty()) {
            return;
        }
        StringBuilder where = new StringBuilder();
        for (Node n : cluster.nodes()) {
            java.util.List<Long> absent;
            try {
                absent = writer.missingOn(n);
            } catch (SQLException e) {
                where.append("\n  node ").append(n).append(": unreadable (").append(e.getMessage()).append(')');
                continue;
            }
            java.util.List<Long> has = new java.util.ArrayList<>(missing);
            has.removeAll(absent);
            where.append("\n  node ").append(n).append(" has ").append(has);
        }
        throw new AssertionError("acknowledged rows " + missing + " missing on the writer " + cluster.writer().id()
                + "; where they are:" + where + "\n  failovers: " + failovers);
    }

    @Test
    @Order(2)
    void theWatchdogFailsOverAKilledWriterWithoutLosingAcknowledgedCommits() throws SQLException {
        faultTheWriter("killed_writer", cluster::kill);
    }

    @Test
    @Order(3)
    void theWatchdogFailsOverAHungWriter() throws SQLException {
        faultTheWriter("hung_writer", cluster::hang);
    }

    @Test
    @Order(4)
    void theWatchdogFailsOverACutWriter() throws SQLException {
        Node cut = faultTheWriter("cut_writer", cluster::cut);
        cluster.heal(cut);
        assertMetadataTrue(cluster);
    }

    private Node faultTheWriter(String table, java.util.function.Consumer<Node> fault) throws SQLException {
        int failoversBefore = cluster.failovers().size();
        Node old = cluster.writer();
        try (ContinuousWriter writer = new ContinuousWriter(cluster, table, 2).start()) {
            awaitAcks(writer, 50);
            writer.markFault();
            fault.accept(old);
            FailoverReport report = cluster.awaitFailovers(failoversBefore + 1, WATCHDOG);
            assertThat(report.trigger()).isEqualTo("watchdog");
            assertThat(report.oldWriter()).isEqualTo(old.id());
            assertThat(writer.awaitResumed(20_000)).as("writes resume on the new writer").isTrue();
            int takenOver = writer.acknowledged().size();
            awaitAcks(writer, takenOver + 50);
            writer.stop();
            assertThat(cluster.writer()).isNotSameAs(old);
            assertDurability(writer, takenOver);
        }
        // The old writer came back as a replica (Aurora restarts a failed instance).
        assertThat(old.role()).isEqualTo(Role.REPLICA);
        assertThat(old.state()).isEqualTo(NodeState.RUNNING);
        if (!old.isCut()) {
            assertMetadataTrue(cluster);
        }
        return old;
    }

    private static void awaitAcks(ContinuousWriter writer, int count) {
        ClusterAssertions.await(count + " acknowledged writes", Duration.ofSeconds(30),
                () -> writer.acknowledged().size() >= count);
    }
}
