package dev.aurorajdbc.driver.classpath;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurorajdbc.driver.Await;
import dev.aurorajdbc.driver.ServerSessions;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * An application redeployed as a servlet container does it: the driver and pgjdbc on the application's own class
 * loader, 10,000 connections opened and closed, then the application's drivers deregistered and its class loader
 * dropped. Afterwards no driver thread of the application is left, no server session of its user, and its class
 * loader is collected (nothing of the JVM's still holds a class of it).
 */
@Tag("integration")
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, autoFailoverMillis = 0)
class RedeployIT {
    private static final int CYCLES = 10_000;
    private final TestCluster cluster;

    RedeployIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void tenThousandConnectionsThenUndeployLeaveNoThreadNoSessionAndACollectableClassLoader() throws Exception {
        String clusterId = "redeploy-" + ThreadLocalRandom.current().nextInt(1_000_000);
        String url = cluster.auroraUrl() + "&clusterId=" + clusterId + "&monitorIdleTimeoutMs=600000";
        List<URL> urls = new ArrayList<>();
        for (Path p : DriverJars.all().values()) {
            urls.add(p.toUri().toURL());
        }
        URLClassLoader app = new URLClassLoader("redeployed-app", urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader());
        WeakReference<ClassLoader> collected = new WeakReference<>(app);

        long t0 = System.nanoTime();
        Class<?> application = app.loadClass(Application.class.getName());
        assertThat(application.getClassLoader()).as("the application's own copy").isSameAs(app);
        application.getMethod("openAndClose", String.class, String.class, String.class, int.class)
                .invoke(null, url, cluster.user(), cluster.password(), CYCLES);
        long openClose = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // The monitor is still running: a monitorIdleTimeoutMs of 10 minutes keeps it until the undeploy stops it.
        assertThat(driverThreads(clusterId)).as("the cluster's monitor runs until the undeploy").isNotEmpty();

        int deregistered = (int) application.getMethod("undeploy").invoke(null);
        assertThat(deregistered).as("jdbc:aurora: and pgjdbc, loaded by the application").isEqualTo(2);
        application = null;
        app.close();
        app = null;

        long t1 = System.nanoTime();
        Await.until(() -> driverThreads(clusterId).isEmpty(), 10, "the driver's threads of " + clusterId + " to end: "
                + driverThreads(clusterId));
        long threadsGone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        Await.until(() -> ServerSessions.ofTheApplicationUser(cluster) == 0, 10,
                "the application user's server sessions to end");
        long sessionsGone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        // pgjdbc's cleaner thread (of the application's pgjdbc) ends on its own after its idle time-to-live.
        Await.until(() -> {
            System.gc();
            return collected.get() == null;
        }, 90, "the application's class loader to be collected; threads of it: " + threadsOf(collected.get()));
        long loaderGone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t1);
        System.out.printf("%d connections opened and closed in %d ms; after undeploy: driver threads gone after %d ms,"
                + " server sessions after %d ms, class loader collected after %d ms%n", CYCLES, openClose, threadsGone,
                sessionsGone, loaderGone);
    }

    /** The threads of the driver's cluster {@code clusterId} (they carry the cluster's name). */
    private static List<String> driverThreads(String clusterId) {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("aurora-jdbc-") && t.getName().contains(clusterId)) {
                names.add(t.getName());
            }
        }
        return names;
    }

    /** The live threads whose context class loader or thread class is {@code loader}'s (for the failure message). */
    private static List<String> threadsOf(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        if (loader == null) {
            return names;
        }
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getContextClassLoader() == loader || t.getClass().getClassLoader() == loader) {
                names.add(t.getName());
            }
        }
        return names;
    }
}
