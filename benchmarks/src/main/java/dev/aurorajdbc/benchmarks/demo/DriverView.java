package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.driver.AuroraDriver;
import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.routing.Topology;
import dev.aurorajdbc.routing.TopologyHost;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Narrates what the driver believes: a demo-side thread that looks at the registered driver's cluster topology
 * every 10 ms (the public diagnostics API, nothing on the application's path) and prints a line whenever the writer
 * it names changes. It shows the order of events a failover goes through: the control plane promotes a replica and
 * publishes the new topology, the driver's monitor reads it, and the application's next connection lands there.
 */
final class DriverView implements AutoCloseable {
    private static final long LOOK_EVERY_MS = 10;

    private final Narrator narrator;
    private final Thread thread;
    private volatile boolean closed;
    private String lastWriter;

    DriverView(Narrator narrator) {
        this.narrator = narrator;
        this.thread = new Thread(this::run, "demo-driver-view");
        this.thread.setDaemon(true);
    }

    DriverView start() {
        thread.start();
        return this;
    }

    private void run() {
        while (!closed) {
            List<ClusterContext> clusters = AuroraDriver.registered().clusters().contexts();
            if (!clusters.isEmpty()) {
                look(clusters.get(0));
            }
            try {
                Thread.sleep(LOOK_EVERY_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void look(ClusterContext cluster) {
        Topology t = cluster.topology();
        if (t.isEmpty()) {
            return; // before the first refresh
        }
        String writer = t.writer().map(DriverView::name).orElse(null);
        String key = writer == null ? "" : writer;
        if (key.equals(lastWriter)) {
            return;
        }
        lastWriter = key;
        String readers = t.readers().stream().map(DriverView::name).collect(Collectors.joining(", "));
        narrator.say("driver: its topology (v" + t.version() + ", " + t.source() + ") now names "
                + (writer == null ? "no writer" : "writer " + writer) + (readers.isEmpty() ? "" : "; readers " + readers));
    }

    private static String name(TopologyHost h) {
        return h.instanceId() != null ? h.instanceId() : h.address().toString();
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
