package dev.aurorajdbc.benchmarks.report;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Where and with what a result was measured: the date, the machine (cores, memory, OS, JDK, load) and the version of
 * every component, read from the running code itself (each jar's Maven metadata) and from the servers, never typed in.
 */
public final class Environment {
    private Environment() {
    }

    /** The machine and the JVM, with the load average at the moment of the call (a busy machine shows here). */
    public static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("date", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() / (1024 * 1024));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        m.put("loadAverage1m", load < 0 ? null : load);
        String commit = System.getProperty("aurora.benchmarks.commit");
        if (commit != null && !commit.isBlank()) {
            m.put("commit", commit);
        }
        return m;
    }

    /** One line for a result table: date, machine, JDK and versions. */
    public static String describe(Map<String, Object> machine, Map<String, Object> versions) {
        StringBuilder b = new StringBuilder("Measured ").append(machine.get("date")).append(" on ")
                .append(machine.get("cores")).append(" cores (").append(machine.get("os")).append("), ")
                .append(machine.get("jdk"));
        Object load = machine.get("loadAverage1m");
        if (load != null) {
            b.append(String.format(java.util.Locale.ROOT, ", load average %.2f at the end", ((Number) load).doubleValue()));
        }
        if (machine.containsKey("commit")) {
            b.append(", commit ").append(machine.get("commit"));
        }
        b.append(". Versions: ");
        boolean first = true;
        for (Map.Entry<String, Object> e : versions.entrySet()) {
            b.append(first ? "" : ", ").append(e.getKey()).append(' ').append(e.getValue());
            first = false;
        }
        return b.append('.').toString();
    }

    /** The client libraries on the class path: aurora-jdbc, pgjdbc, Connector/J, the AWS wrapper, JMH. */
    public static Map<String, Object> libraries() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("aurora-jdbc", version("dev.aurorajdbc", "aurora-jdbc"));
        // pgjdbc, Connector/J and the AWS wrapper are not built with Maven: their version constants, read at run time.
        v.put("pgjdbc", constant("org.postgresql.util.DriverInfo", "DRIVER_VERSION"));
        v.put("mysql-connector-j", constant("com.mysql.cj.Constants", "CJ_VERSION"));
        v.put("aws-advanced-jdbc-wrapper", constant("software.amazon.jdbc.util.DriverInfo", "DRIVER_VERSION"));
        v.put("jmh", version("org.openjdk.jmh", "jmh-core"));
        return v;
    }

    /** A public static field's value, read reflectively (not inlined at compile time); {@code unknown} when absent. */
    static String constant(String className, String field) {
        try {
            return String.valueOf(Class.forName(className, false, Environment.class.getClassLoader()).getField(field).get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "unknown";
        }
    }

    /** The version of an artifact on the class path, from its {@code pom.properties}; {@code unknown} when absent. */
    public static String version(String groupId, String artifactId) {
        String resource = "META-INF/maven/" + groupId + "/" + artifactId + "/pom.properties";
        try (InputStream in = Environment.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The server's version string, asked from the cluster's writer (e.g. {@code 15.18 (Debian 15.18-0+deb12u1)}). */
    public static String serverVersion(TestCluster cluster) {
        String sql = cluster.engine() == Engine.POSTGRESQL ? "SHOW server_version" : "SELECT VERSION()";
        try (Connection c = cluster.connect(cluster.writer(), java.time.Duration.ofSeconds(10));
                Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : "unknown";
        } catch (SQLException e) {
            return "unknown (" + e.getSQLState() + ")";
        }
    }
}
