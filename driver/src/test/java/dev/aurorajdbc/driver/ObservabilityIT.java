package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.topology.CapturedLog;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.TestCluster;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.logging.LogRecord;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.management.openmbean.TabularData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees of a cluster. Its MXBean in the platform MBean server, read as a JMX console would (attributes
 * by name): the writer, the topology, the open connections, and after a failover the counts and the new writer; gone
 * when the driver is deregistered. And its log: every record the driver writes through a connect, a failover and the
 * next statement, at FINE, names the cluster.
 */
@Tag("integration")
abstract class ObservabilityIT {
    private final TestCluster cluster;

    ObservabilityIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void theMXBeanShowsTheClusterAndCountsAFailover() throws Exception {
        AuroraDriver driver = new AuroraDriver();
        Properties p = new Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name;
        try (Connection c = driver.connect(cluster.auroraUrl() + "&clusterId=mxbean-" + cluster.name(), p)) {
            ClusterContext context = ClusterContext.of(c.unwrap(AuroraConnection.class)).orElseThrow();
            name = new ObjectName("dev.aurorajdbc:type=Cluster,name=" + ObjectName.quote(context.name()));
            assertThat(server.isRegistered(name)).as("%s registered", name).isTrue();
            Node writer = cluster.writer();
            Await.until(() -> ((String) server.getAttribute(name, "Writer")).contains(writer.host()), 30,
                    "the MXBean names writer " + writer.host());
            assertThat(server.getAttribute(name, "TopologySize")).isEqualTo(3);
            assertThat(server.getAttribute(name, "Replicas")).isEqualTo(2);
            assertThat(server.getAttribute(name, "OpenConnections")).isEqualTo(1);
            assertThat(((TabularData) server.getAttribute(name, "ReplicaLagMillis")).size()).isEqualTo(3);
            assertThat(server.getAttribute(name, "Failovers")).isEqualTo(0L);

            cluster.failover();
            Node now = cluster.writer();
            SQLException e = catchThrowableOfType(SQLException.class, () -> {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT 1");
                }
            });
            assertThat((Throwable) e).as("the first statement after the failover").isNotNull();
            assertThat(e.getSQLState()).isEqualTo("08S02");
            assertThat(server.getAttribute(name, "Failovers")).isEqualTo(1L);
            assertThat((Long) server.getAttribute(name, "FailoverMillisMax")).isPositive();
            Await.until(() -> ((String) server.getAttribute(name, "Writer")).contains(now.host()), 30,
                    "the MXBean names the new writer " + now.host());
            assertThat((Long) server.getAttribute(name, "WriterChanges")).isGreaterThanOrEqualTo(1L);
            assertThat((Long) server.getAttribute(name, "LastWriterChangeEpochMillis")).isPositive();
        } finally {
            driver.clusters().shutdown();
        }
        assertThat(server.isRegistered(name)).as("unregistered with the driver's shutdown").isFalse();
    }

    @Test
    void everyRecordOfAConnectAFailoverAndTheNextStatementNamesTheCluster() throws Exception {
        AuroraDriver driver = new AuroraDriver();
        Properties p = new Properties();
        p.setProperty("user", cluster.user());
        p.setProperty("password", cluster.password());
        CapturedLog log = new CapturedLog("dev.aurorajdbc.driver"); // the driver's, not the test cluster's
        String clusterName;
        try (Connection c = driver.connect(cluster.auroraUrl() + "&clusterId=log-" + cluster.name(), p)) {
            clusterName = ClusterContext.of(c.unwrap(AuroraConnection.class)).orElseThrow().name();
            cluster.failover();
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            } catch (SQLException e) {
                assertThat(e.getSQLState()).isEqualTo("08S02");
            }
            try (Statement s = c.createStatement()) {
                s.execute("SELECT 1");
            }
        } finally {
            driver.clusters().shutdown();
            log.close();
        }
        List<LogRecord> records = log.records();
        // Other tests' clusters in this JVM may log meanwhile: each record names some cluster, and this one's exist.
        for (LogRecord r : records) {
            assertThat(r.getMessage()).as("%s record from %s", r.getLevel(), r.getLoggerName()).matches("(?s)\\[[^\\]]+\\] .*");
        }
        assertThat(records).as("records of cluster %s", clusterName)
                .anyMatch(r -> r.getMessage().startsWith("[" + clusterName + "] ") && r.getMessage().contains("logical connection moved"));
    }
}
