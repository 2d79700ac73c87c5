package dev.aurorajdbc.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.aurorajdbc.driver.cluster.ClusterContext;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import dev.aurorajdbc.testcluster.junit.WithTestCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * No password reaches a log record (every logger at FINEST, the native drivers' too), an exception the application
 * sees (message, causes, suppressed and chained exceptions) or a {@code toString()}: through a connect, a wrong
 * password, the data source, the monitor's own logins, read/write splitting and a failover.
 */
@Tag("integration")
@WithTestCluster(engine = Engine.POSTGRESQL, replicas = 1, autoFailoverMillis = 0)
class SecretsIT {
    private final TestCluster cluster;

    SecretsIT(TestCluster cluster) {
        this.cluster = cluster;
    }

    @Test
    void noPasswordInAnyLogRecordMessageCauseOrToString() throws Exception {
        String user = "secrets_" + ThreadLocalRandom.current().nextInt(1_000_000);
        String secret = "Pw-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-zq";
        String wrong = "Wrong-" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "-zq";
        try (Connection admin = cluster.connectAsAdmin(cluster.writer()); Statement s = admin.createStatement()) {
            s.execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + secret + "'");
            s.execute("GRANT ALL ON SCHEMA public TO " + user);
        }
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                records.add(r);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        capture.setLevel(Level.ALL);
        Logger root = Logger.getLogger("");
        List<Logger> verbose = List.of(Logger.getLogger("dev.aurorajdbc"), Logger.getLogger("org.postgresql"));
        List<Level> before = new ArrayList<>();
        for (Logger l : verbose) {
            before.add(l.getLevel());
            l.setLevel(Level.FINEST);
        }
        root.addHandler(capture);
        List<Object> seen = new ArrayList<>(); // exceptions and objects whose text must not hold a password
        try {
            String url = cluster.auroraUrl() + "&clusterId=" + user + "&readWriteSplitting=true&readYourWrites=true";
            Properties props = new Properties();
            props.setProperty("user", user);
            props.setProperty("password", secret);
            try (Connection c = DriverManager.getConnection(url, props)) {
                seen.add(c);
                seen.add(c.unwrap(AuroraConnection.class));
                seen.add(ClusterContext.of(c.unwrap(AuroraConnection.class)).orElseThrow());
                seen.add(AuroraConfig.from(AuroraUrl.parse(url + "&password=" + secret), props));
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE TABLE IF NOT EXISTS secrets_rows (id int)");
                    s.execute("INSERT INTO secrets_rows VALUES (1)");
                }
                c.setReadOnly(true);
                query(c);
                c.setReadOnly(false);

                // A wrong password, in the URL and in properties.
                seen.add(assertThrows(SQLException.class,
                        () -> DriverManager.getConnection(url + "&password=" + wrong, user, null).close()));
                Properties bad = new Properties();
                bad.setProperty("user", user);
                bad.setProperty("password", wrong);
                seen.add(assertThrows(SQLException.class, () -> DriverManager.getConnection(url, bad).close()));

                // The data source.
                AuroraDataSource ds = new AuroraDataSource();
                ds.setUrl(url);
                ds.setUser(user);
                ds.setPassword(secret);
                seen.add(ds);
                try (Connection d = ds.getConnection()) {
                    seen.add(d);
                    query(d);
                }

                // A failover: the statement fails over (08S02) and the monitor logs in to the new writer.
                cluster.failover();
                SQLException failedOver = assertThrows(SQLException.class, () -> query(c));
                assertThat(failedOver.getSQLState()).as(failedOver.getMessage()).isEqualTo(SqlStates.FAILOVER_SUCCEEDED);
                seen.add(failedOver);
                query(c);
            }
        } finally {
            root.removeHandler(capture);
            for (int i = 0; i < verbose.size(); i++) {
                verbose.get(i).setLevel(before.get(i));
            }
        }
        SimpleFormatter format = new SimpleFormatter();
        int checked = 0;
        for (LogRecord r : records) {
            assertNoSecret(format.format(r), secret, wrong, "log record " + r.getLoggerName() + " " + r.getLevel());
            if (r.getParameters() != null) {
                for (Object p : r.getParameters()) {
                    assertNoSecret(String.valueOf(p), secret, wrong, "a parameter of a log record of " + r.getLoggerName());
                }
            }
            if (r.getThrown() != null) {
                assertNoSecretIn(r.getThrown(), secret, wrong);
            }
            checked++;
        }
        for (Object o : seen) {
            if (o instanceof Throwable t) {
                assertNoSecretIn(t, secret, wrong);
            } else {
                assertNoSecret(String.valueOf(o), secret, wrong, "toString() of " + o.getClass().getName());
            }
        }
        System.out.printf("%d log records (FINEST) and %d objects and exceptions checked: no password%n", checked, seen.size());
        assertThat(checked).as("log records at FINEST").isGreaterThan(100);
    }

    private static void query(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM secrets_rows")) {
            rs.next();
        }
    }

    /** The throwable, its causes, suppressed and chained SQLExceptions: message and toString(). */
    private static void assertNoSecretIn(Throwable thrown, String secret, String wrong) {
        Set<Throwable> visited = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Throwable> todo = new ArrayList<>(List.of(thrown));
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(todo.size() - 1);
            if (t == null || !visited.add(t)) {
                continue;
            }
            assertNoSecret(t.toString(), secret, wrong, "an exception (" + t.getClass().getName() + ")");
            todo.add(t.getCause());
            todo.addAll(List.of(t.getSuppressed()));
            if (t instanceof SQLException sql) {
                todo.add(sql.getNextException());
            }
        }
    }

    private static void assertNoSecret(String text, String secret, String wrong, String where) {
        assertThat(text).as(where).doesNotContain(secret).doesNotContain(wrong);
    }
}
