package dev.aurorajdbc.benchmarks.demo;

import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.testcluster.ContinuousWriter;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.Node;
import dev.aurorajdbc.testcluster.Role;
import dev.aurorajdbc.testcluster.TestCluster;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's application side: every connection comes from {@code DriverManager} through a {@code jdbc:aurora:} URL,
 * as an application without any failover code of its own takes one after an error. It narrates each attempt: how
 * long it took and which node it landed on, or the SQLState it failed with.
 */
final class AuroraApplication implements ContinuousWriter.ConnectionSource {
    /** The application's own timeouts: give up a statement or a connection attempt on a hung host after 2 s. */
    static final long TIMEOUT_MS = 2_000;
    private static final Pattern VERSION = Pattern.compile("\\d+(\\.\\d+)+");

    private final TestCluster cluster;
    private final String url;
    private final Narrator narrator;
    private volatile String nativeDriver;

    AuroraApplication(TestCluster cluster, Narrator narrator) {
        this.cluster = cluster;
        this.narrator = narrator;
        this.url = url(cluster);
    }

    /**
     * The cluster's {@code jdbc:aurora:} URL with the application's timeouts: the driver's {@code connectTimeoutMs},
     * and the native driver's {@code socketTimeout} (pgjdbc counts seconds, Connector/J milliseconds), which the
     * driver passes through. The topology refresh intervals stay at the driver's defaults.
     */
    static String url(TestCluster cluster) {
        String socketTimeout = cluster.engine() == Engine.POSTGRESQL
                ? Long.toString(TimeUnit.MILLISECONDS.toSeconds(TIMEOUT_MS)) : Long.toString(TIMEOUT_MS);
        return cluster.auroraUrl() + "&connectTimeoutMs=" + TIMEOUT_MS + "&socketTimeout=" + socketTimeout;
    }

    /** The URL the application connects with (no credentials in it). */
    String url() {
        return url;
    }

    /** The native driver under jdbc:aurora:, e.g. {@code PostgreSQL JDBC Driver 42.7.14}; null before the first connection. */
    String nativeDriver() {
        return nativeDriver;
    }

    @Override
    public Connection get() throws SQLException {
        long start = System.nanoTime();
        Connection c;
        try {
            c = DriverManager.getConnection(url, cluster.user(), cluster.password());
        } catch (SQLException e) {
            narrator.say("application: getConnection() failed after " + since(start) + " ms: SQLState " + e.getSQLState()
                    + ": " + firstLine(e.getMessage()));
            throw e;
        }
        try {
            AuroraConnection aurora = c.unwrap(AuroraConnection.class);
            if (nativeDriver == null) {
                DatabaseMetaData meta = aurora.physical().getMetaData();
                nativeDriver = meta.getDriverName() + " " + shortVersion(meta.getDriverVersion());
            }
            narrator.say("application: new connection through jdbc:aurora: in " + since(start) + " ms, landed on "
                    + describe(aurora.hostDescription()));
            return c;
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** {@code node 12 (127.0.100.12:5432), the writer}, as the control plane sees it now. */
    private String describe(String host) {
        for (Node n : cluster.nodes()) {
            if (n.address().equals(host)) {
                return "node " + n.id() + " (" + host + "), " + (n.role() == Role.WRITER ? "the writer" : "a REPLICA");
            }
        }
        return host + ", not a node of the cluster";
    }

    private static long since(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** The version number alone: Connector/J's reads {@code mysql-connector-j-26.10.0 (Revision: …)}. */
    static String shortVersion(String version) {
        Matcher m = VERSION.matcher(version);
        return m.find() ? m.group() : version;
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
