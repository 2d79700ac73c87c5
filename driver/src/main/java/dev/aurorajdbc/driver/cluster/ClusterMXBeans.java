package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.TopologyHost;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * A cluster context's {@link AuroraClusterMXBean}, and its registration in the platform MBean server. Registration is
 * best effort: a JVM without JMX, a security manager's refusal or a name already taken (another driver instance, e.g.
 * a second copy of the driver in another class loader, knows the same cluster) is logged at FINE and the driver goes
 * on without it.
 */
final class ClusterMXBeans implements AuroraClusterMXBean {
    private final ClusterContext cluster;
    private final ObjectName objectName;

    private ClusterMXBeans(ClusterContext cluster, ObjectName objectName) {
        this.cluster = cluster;
        this.objectName = objectName;
    }

    /** The object name of a cluster's MXBean: {@code dev.aurorajdbc:type=Cluster,name="<name>"}. */
    static ObjectName objectName(String clusterName) throws JMException {
        return new ObjectName("dev.aurorajdbc:type=Cluster,name=" + ObjectName.quote(clusterName));
    }

    /** Registers the context's MXBean; returns it (to unregister later), or null when it could not be registered. */
    static ClusterMXBeans register(ClusterContext cluster) {
        try {
            ClusterMXBeans bean = new ClusterMXBeans(cluster, objectName(cluster.name()));
            ManagementFactory.getPlatformMBeanServer().registerMBean(bean, bean.objectName);
            return bean;
        } catch (JMException | RuntimeException | LinkageError e) {
            new ClusterLog(ClusterMXBeans.class, cluster.name()).log(Level.FINE, e, () -> "no MXBean: " + e);
            return null;
        }
    }

    /** Takes the MXBean out of the platform MBean server (the driver's deregistration). */
    void unregister() {
        try {
            MBeanServer server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(objectName)) {
                server.unregisterMBean(objectName);
            }
        } catch (JMException | RuntimeException e) {
            new ClusterLog(ClusterMXBeans.class, cluster.name()).log(Level.FINE, e, () -> "the MXBean stays registered: " + e);
        }
    }

    @Override
    public String getName() {
        return cluster.name();
    }

    @Override
    public String getTopologySource() {
        return cluster.sourceName();
    }

    @Override
    public String getWriter() {
        return cluster.confirmedWriter().map(HostAddress::toString).orElse("");
    }

    @Override
    public int getTopologySize() {
        return cluster.topology().hosts().size();
    }

    @Override
    public int getReplicas() {
        return cluster.topology().readers().size();
    }

    @Override
    public Map<String, Long> getReplicaLagMillis() {
        Map<String, Long> lag = new TreeMap<>();
        for (TopologyHost h : cluster.topology().hosts()) {
            lag.put(h.address().toString(), h.replicaLagMillis());
        }
        return lag;
    }

    @Override
    public String[] getHostsAvoided() {
        List<String> avoided = new ArrayList<>();
        for (HostAddress h : cluster.avoidedHosts()) {
            avoided.add(h.toString());
        }
        return avoided.toArray(new String[0]);
    }

    @Override
    public int getOpenConnections() {
        return cluster.openConnections();
    }

    @Override
    public Map<String, Integer> getReaderConnections() {
        Map<String, Integer> counts = new TreeMap<>();
        for (TopologyHost h : cluster.topology().readers()) {
            counts.put(h.address().toString(), cluster.readerConnections(h.address()));
        }
        return counts;
    }

    @Override
    public Map<String, Double> getProbeLatencyMillis() {
        Map<String, Double> latency = new TreeMap<>();
        for (TopologyHost h : cluster.topology().readers()) {
            long nanos = cluster.probeLatencyNanos(h.address());
            if (nanos >= 0) {
                latency.put(h.address().toString(), nanos / 1e6);
            }
        }
        return latency;
    }

    @Override
    public long getFailovers() {
        return cluster.statistics().failovers();
    }

    @Override
    public long getFailoversInTransaction() {
        return cluster.statistics().failoversInTransaction();
    }

    @Override
    public long getFailoversFailed() {
        return cluster.statistics().failoversFailed();
    }

    @Override
    public long getFailoverMillisTotal() {
        return cluster.statistics().failoverMillisTotal();
    }

    @Override
    public long getFailoverMillisMax() {
        return cluster.statistics().failoverMillisMax();
    }

    @Override
    public long getWriterLosses() {
        return cluster.statistics().writerLosses();
    }

    @Override
    public long getWriterChanges() {
        return cluster.statistics().writerConfirmations();
    }

    @Override
    public long getLastWriterUnavailableMillis() {
        return cluster.statistics().lastWriterUnavailableMillis();
    }

    @Override
    public long getLastWriterChangeEpochMillis() {
        return cluster.statistics().lastWriterChangeMillis();
    }

    @Override
    public long getReadYourWritesReplicaReads() {
        return cluster.statistics().replayWaits();
    }

    @Override
    public long getReadYourWritesWriterFallbacks() {
        return cluster.statistics().replayFallbacks();
    }
}
