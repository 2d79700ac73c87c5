package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Property-based fuzzing of what an application hands the driver ({@link JdbcInputs}): every URL and set of properties
 * yields a configuration (or a connection) or an {@link SQLException} with the documented SQLState, never a
 * RuntimeException, never a password in a message, and a connect is bounded and leaves no thread or descriptor
 * behind. Each run has a new seed, printed on the console ({@code [fuzz] …: seed S}); a failure names its case seed and
 * how to replay it ({@link Fuzz}). A failing input found here is kept as an example test: in {@code aurora-url-corpus.txt}
 * ({@link AuroraUrlCorpusTest}) for a URL, else next to the tests of the class that was fixed.
 */
class UrlAndPropertyFuzzTest {
    private static final AuroraDriver DRIVER = new AuroraDriver();
    /** Far above what a refused loopback connect takes (milliseconds), far below a hang. */
    private static final long CONNECT_BOUND_MS = 5_000;

    private static int closedPort;
    private static ExecutorService connector;

    @BeforeAll
    static void setUp() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort(); // closed again: nothing listens there now
        }
        connector = Executors.newSingleThreadExecutor(r -> new Thread(r, "fuzz-connect"));
    }

    @AfterAll
    static void tearDown() {
        connector.shutdownNow();
    }

    /**
     * 100,000 inputs through the parsing and configuration layer and what {@code DriverManager} and tools call
     * besides ({@code acceptsURL}, {@code getPropertyInfo}), and through {@code connect} wherever the input fails before
     * any network access.
     */
    @Test
    void everyInputYieldsAConfigOrAnSqlStateNeverARuntimeException() {
        Map<String, Integer> outcomes = new TreeMap<>();
        Fuzz.run("UrlAndPropertyFuzzTest#everyInputYieldsAConfigOrAnSqlStateNeverARuntimeException", 100_000, JdbcInputs::any,
                in -> outcomes.merge(parseAndConfigure(in), 1, Integer::sum));
        Fuzz.say("[fuzz] outcomes " + outcomes);
        int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        if (total >= 10_000) { // the generator reaches every layer, not only the URL's first checks
            assertThat(outcomes.getOrDefault("config", 0)).as("configs among %s", outcomes).isGreaterThan(total / 10);
            assertThat(outcomes.getOrDefault("22023", 0)).as("bad values among %s", outcomes).isGreaterThan(total / 10);
            assertThat(outcomes.getOrDefault("08001", 0)).as("bad URLs among %s", outcomes).isGreaterThan(total / 10);
        }
    }

    private static String parseAndConfigure(JdbcInputs.Input in) throws SQLException {
        boolean ours = DRIVER.acceptsURL(in.url());
        DriverPropertyInfo[] infos = DRIVER.getPropertyInfo(in.url(), in.info());
        assertThat(infos).hasSize(AuroraProperty.values().length).doesNotContainNull();

        AuroraUrl url;
        try {
            url = AuroraUrl.parse(in.url());
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo(SqlStates.UNABLE_TO_CONNECT);
            assertNoSecret(in, e.getMessage());
            assertConnectFailsTheSame(in, ours, e.getSQLState());
            return e.getSQLState();
        }
        assertThat(ours).as("a URL that parses is accepted").isTrue();
        assertThat(url.hosts()).isNotEmpty();
        assertNoSecret(in, url.toString());
        AuroraConfig config;
        try {
            config = AuroraConfig.from(url, in.info());
        } catch (SQLException e) {
            assertThat(e.getSQLState()).as("SQLState of %s", e).isEqualTo(SqlStates.INVALID_PARAMETER_VALUE);
            assertNoSecret(in, e.getMessage());
            assertConnectFailsTheSame(in, true, e.getSQLState());
            return e.getSQLState();
        }
        assertNoSecret(in, config.toString());
        assertThat(config.connectTimeoutMs()).isBetween(1L, (long) Integer.MAX_VALUE);
        assertThat(config.topologyFastRefreshMs()).isLessThanOrEqualTo(config.topologyRefreshMs());
        assertThat(config.topologySource().fits(config.engine())).isTrue();
        Properties nativeProperties = config.nativeProperties();
        assertThat(nativeProperties.getProperty("connectTimeout")).isNotNull();
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(nativeProperties.getProperty(p.propertyName())).as("%s passed to the native driver", p).isNull();
        }
        return "config";
    }

    /**
     * 1,500 inputs through {@code connect} all the way to the network, on hosts that refuse at once: an SQLException
     * with an SQLState within the bound, and no thread, socket or other descriptor left behind.
     */
    @Test
    void aConnectToRefusingHostsFailsInTimeWithAnSqlStateAndLeavesNothing() {
        // Warm up: the first connect of each engine opens the jars it loads classes from, and keeps them open.
        for (String engine : new String[] {"postgresql", "mysql"}) {
            try {
                DRIVER.connect("jdbc:aurora:" + engine + "://127.0.0.1:" + closedPort + "/db?user=u&password=p", null);
            } catch (SQLException expected) {
                // refused
            }
        }
        Map<String, Integer> states = new TreeMap<>();
        Fuzz.run("UrlAndPropertyFuzzTest#aConnectToRefusingHostsFailsInTimeWithAnSqlStateAndLeavesNothing", 1_500,
                g -> JdbcInputs.refusing(g, closedPort), in -> states.merge(connectAndLeaveNothing(in), 1, Integer::sum));
        Fuzz.say("[fuzz] SQLStates " + states);
    }

    private static String connectAndLeaveNothing(JdbcInputs.Input in) throws InterruptedException {
        Map<String, String> fdsBefore = openDescriptors();
        Set<Thread> threadsBefore = driverThreads();
        Future<Connection> attempt = connector.submit(() -> DRIVER.connect(in.url(), in.info()));
        Throwable failure;
        try {
            Connection c = attempt.get(CONNECT_BOUND_MS, TimeUnit.MILLISECONDS);
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // reported below
                }
            }
            throw new AssertionError("connect to a refusing host returned " + c);
        } catch (TimeoutException e) {
            attempt.cancel(true);
            throw new AssertionError("connect still running after " + CONNECT_BOUND_MS + " ms", e);
        } catch (ExecutionException e) {
            failure = e.getCause();
        }
        assertThat(failure).as("what connect threw").isInstanceOf(SQLException.class);
        SQLException sql = (SQLException) failure;
        assertThat(sql.getSQLState()).as("SQLState of %s", sql).isNotNull();
        assertNoSecret(in, sql.getMessage());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        Map<String, String> fdsAfter = openDescriptors();
        Set<Thread> threadsAfter = driverThreads();
        while ((fdsAfter.size() > fdsBefore.size() || !threadsBefore.containsAll(threadsAfter)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            fdsAfter = openDescriptors();
            threadsAfter = driverThreads();
        }
        Map<String, String> added = new TreeMap<>(fdsAfter);
        added.keySet().removeAll(fdsBefore.keySet());
        assertThat(fdsAfter.size()).as("open descriptors after the connect; new: %s", added).isLessThanOrEqualTo(fdsBefore.size());
        threadsAfter.removeAll(threadsBefore);
        assertThat(threadsAfter).as("driver threads left by the connect").isEmpty();
        return sql.getSQLState();
    }

    private static void assertConnectFailsTheSame(JdbcInputs.Input in, boolean ours, String state) {
        Connection c;
        try {
            c = DRIVER.connect(in.url(), in.info());
        } catch (SQLException e) {
            assertThat(ours).as("connect threw for a URL that is not ours: %s", e).isTrue();
            assertThat(e.getSQLState()).as("connect's SQLState (%s)", e).isEqualTo(state);
            assertNoSecret(in, e.getMessage());
            return;
        }
        assertThat(ours).as("connect returned %s for a URL that is ours", c).isFalse();
        assertThat(c).as("connect for a URL that is not ours").isNull();
    }

    private static void assertNoSecret(JdbcInputs.Input in, String text) {
        if (!in.mutated() && text != null) {
            assertThat(text).as("a password in a message or toString()").doesNotContain(JdbcInputs.SECRET);
        }
    }

    /** This JVM's open file descriptors and what each points to (sockets, files, pipes); empty where there is no /proc. */
    static Map<String, String> openDescriptors() {
        Path fd = Path.of("/proc/self/fd");
        Map<String, String> open = new TreeMap<>();
        if (!Files.isDirectory(fd)) {
            return open;
        }
        try (Stream<Path> list = Files.list(fd)) {
            for (Path p : list.collect(Collectors.toList())) {
                try {
                    open.put(p.getFileName().toString(), Files.readSymbolicLink(p).toString());
                } catch (IOException gone) {
                    // closed meanwhile (the listing's own descriptor)
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return open;
    }

    /** The driver's live threads ({@code aurora-jdbc-…}). */
    static Set<Thread> driverThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("aurora-jdbc-") && t.isAlive())
                .collect(Collectors.toSet());
    }
}
