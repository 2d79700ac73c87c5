package dev.aurorajdbc.driver.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraUrl;
import dev.aurorajdbc.driver.topology.StaticTopology;
import dev.aurorajdbc.routing.Clock;
import dev.aurorajdbc.routing.Topology;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * An {@link Error} inside a monitor round (here: the native driver's connect throws the NoClassDefFoundError a class
 * path without slf4j-api gave): the monitor logs it at SEVERE and keeps running, connects that wait for it fail at
 * once with the cause, and once a round completes they wait for it again. No server: the native driver is a stub.
 */
class MonitorFailureTest {
    /** Far longer than any bound asserted here: a connect that waits for it has not failed "at once". */
    private static final long CONNECT_TIMEOUT_MS = 60_000;

    /** A native driver whose every connect throws (an Error while {@link #error}), counting the attempts. */
    private static final class StubDriver implements Driver {
        final AtomicInteger connects = new AtomicInteger();
        volatile boolean error = true;

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            connects.incrementAndGet();
            if (error) {
                throw new NoClassDefFoundError("org/slf4j/LoggerFactory");
            }
            throw new SQLTransientConnectionException("Connection refused", "08001");
        }

        @Override
        public boolean acceptsURL(String url) {
            return true;
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
            return new DriverPropertyInfo[0];
        }

        @Override
        public int getMajorVersion() {
            return 1;
        }

        @Override
        public int getMinorVersion() {
            return 0;
        }

        @Override
        public boolean jdbcCompliant() {
            return false;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("stub");
        }
    }

    /** What {@link ClusterMonitor} logs while open. */
    private static final class MonitorLog extends Handler implements AutoCloseable {
        private final Logger logger = Logger.getLogger(ClusterMonitor.class.getName());
        private final List<LogRecord> records = new ArrayList<>();

        MonitorLog() {
            setLevel(Level.ALL);
            logger.addHandler(this);
        }

        synchronized List<LogRecord> at(Level level) {
            return records.stream().filter(r -> r.getLevel().equals(level)).toList();
        }

        @Override
        public synchronized void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            logger.removeHandler(this);
        }
    }

    @Test
    void anErrorInARoundIsLoggedAndFailsTheNextConnectAtOnceWithItsCause() throws Exception {
        AuroraConfig config = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:postgresql://127.0.0.1:1/app?topologySource="
                + StaticTopology.NAME + "&connectTimeoutMs=" + CONNECT_TIMEOUT_MS + "&topologyFastRefreshMs=50"), new Properties());
        StubDriver stub = new StubDriver();
        // No first view: the connect waits for the monitor's round, which fails.
        ClusterContext context = new ClusterContext("monitor-failure", config, stub, StaticTopology.postgresql(),
                new ClusterRegistry(), new Topology.Sequence(Clock.SYSTEM).next(StaticTopology.NAME, List.of()));
        try (MonitorLog log = new MonitorLog()) {
            long t0 = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, () -> context.connect(config));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

            assertThat(e.getSQLState()).isEqualTo("08001");
            assertThat(e.getMessage()).contains("monitor cannot work", "NoClassDefFoundError", "org/slf4j/LoggerFactory",
                    "add org.slf4j:slf4j-api");
            assertThat(e.getCause()).isInstanceOf(NoClassDefFoundError.class);
            // Bounded with room for a loaded machine, and far below the 60 s the connect would otherwise have waited.
            assertThat(tookMs).isLessThan(10_000);

            // The monitor survived the Error: its rounds go on.
            int seen = stub.connects.get();
            awaitTrue(() -> stub.connects.get() > seen + 2, "further monitor rounds after the Error");
            assertThat(context.monitorRunning()).isTrue();
            assertThat(log.at(Level.SEVERE)).hasSize(1).allSatisfy(r -> { // once, not every round
                assertThat(r.getThrown()).isInstanceOf(NoClassDefFoundError.class);
                assertThat(r.getMessage()).contains("monitor-failure", "add org.slf4j:slf4j-api");
            });

            // A round that completes (the host only refuses now) clears the failure: a connect waits for the monitor
            // again and ends on its own timeout, naming no Error.
            stub.error = false;
            awaitTrue(() -> context.monitorFailure() == null, "the failure cleared by a completed round");
            AuroraConfig shortWait = AuroraConfig.from(AuroraUrl.parse("jdbc:aurora:postgresql://127.0.0.1:1/app?topologySource="
                    + StaticTopology.NAME + "&connectTimeoutMs=300"), new Properties());
            SQLException timedOut = assertThrows(SQLException.class, () -> context.connect(shortWait));
            assertThat(timedOut.getSQLState()).isEqualTo("08001");
            assertThat(timedOut.getMessage()).contains("no writer reachable within 300 ms").doesNotContain("NoClassDefFoundError");
        } finally {
            context.shutdown();
        }
    }

    private interface Condition {
        boolean holds();
    }

    private static void awaitTrue(Condition condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.holds()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(10);
        }
    }
}
