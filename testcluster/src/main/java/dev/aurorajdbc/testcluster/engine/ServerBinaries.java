package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Setting;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Binaries;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Logger;

/** What the MySQL-compatible servers' binary locators ({@link MariaDbBinaries}, {@link MySqlBinaries}) share. */
final class ServerBinaries {
    private static final Logger LOG = Logger.getLogger(ServerBinaries.class.getName());
    private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(30);

    private ServerBinaries() {
    }

    /** A set of binaries located on first use and kept for the JVM's lifetime. */
    static final class OncePerJvm {
        private final String what;
        private final Supplier<Binaries> find;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile Binaries cached;

        /**
         * @param what what the binaries are, for the log line ({@code MariaDB}, {@code MySQL})
         * @param find locates them; its exception (naming what is missing) is thrown to every caller until it succeeds
         */
        OncePerJvm(String what, Supplier<Binaries> find) {
            this.what = what;
            this.find = find;
        }

        Binaries get() {
            Binaries found = cached;
            if (found != null) {
                return found;
            }
            lock.lock();
            try {
                if (cached == null) {
                    cached = find.get();
                    LOG.info(what + " binaries: " + cached.origin() + " (" + cached.version() + ")");
                }
                return cached;
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * An explicit setting: the system property, else the environment variable, as an absolute directory and the name
     * of where it came from; {@code null} when neither is set.
     */
    static Map.Entry<Path, String> explicitDirectory(String property, String environment) {
        Setting setting = Setting.of(property, environment);
        return setting == null ? null : Map.entry(Path.of(setting.value().trim()).toAbsolutePath().normalize(), setting.source());
    }

    /** Written last into an unpacked set: its presence means the set is complete. */
    static final String UNPACKED_MARKER = ".aurora-unpacked";

    /** Fills an empty staging directory with a set of binaries; returns the number of files. */
    interface Unpacker {
        int unpack(Path staging) throws IOException;
    }

    /**
     * Unpacks the binaries of {@code jar} into {@code target} unless a complete copy is there: into a sibling directory
     * first, renamed into place at the end, so that a crash or a concurrent JVM never leaves a half set.
     */
    static Path unpackOnce(Path jar, Path target, String what, Unpacker unpacker) {
        if (Files.isRegularFile(target.resolve(UNPACKED_MARKER))) {
            return target;
        }
        long started = System.nanoTime();
        Path staging = target.resolveSibling(target.getFileName() + ".unpacking-" + ProcessHandle.current().pid());
        try {
            createReadableDirectories(target.getParent());
            MySqlFamilyEngine.deleteTree(staging);
            Files.createDirectory(staging);
            int files = unpacker.unpack(staging);
            Files.writeString(staging.resolve(UNPACKED_MARKER), jar + "\n", StandardCharsets.UTF_8);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                if (!Files.isRegularFile(target.resolve(UNPACKED_MARKER))) {
                    // Not another JVM's complete copy: a leftover without its marker. Replace it.
                    MySqlFamilyEngine.deleteTree(target);
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            LOG.info("unpacked " + files + " files of " + jar.getFileName() + " into " + target + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
            return target;
        } catch (IOException e) {
            throw new TestClusterException("cannot unpack the " + what + " binaries of " + jar + " into " + target + ": " + e, e);
        } finally {
            MySqlFamilyEngine.deleteTree(staging);
        }
    }

    /** Creates {@code dir} and its missing parents, each readable by everyone (the servers may run as another user). */
    static void createReadableDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createReadableDirectories(dir.getParent());
        Files.createDirectory(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** The output of {@code <server> --no-defaults --version}, bounded (through a file, so a hung process cannot block a read). */
    static String versionLine(Path server, Map<String, String> environment) {
        Path out = null;
        try {
            out = Files.createTempFile("aurora-server-version", ".txt");
            ProcessBuilder pb = new ProcessBuilder(server.toString(), "--no-defaults", "--version")
                    .redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(environment);
            pb.environment().put("LC_ALL", "C");
            Process p = pb.start();
            if (!p.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new TestClusterException(server + " --version did not finish within " + VERSION_TIMEOUT.toSeconds() + " s");
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new TestClusterException(server + " --version failed with exit code " + p.exitValue()
                        + " (missing libraries?):\n" + text.trim());
            }
            return text;
        } catch (IOException e) {
            throw new TestClusterException("cannot run " + server + " --version: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while running " + server + " --version", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a small file in the temporary directory; nothing depends on it
                }
            }
        }
    }

    /** {@code mysql} when that user exists (distribution packages create it), else {@code nobody}. */
    static String serverUser() {
        try {
            FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName("mysql");
            return "mysql";
        } catch (UserPrincipalNotFoundException e) {
            return "nobody";
        } catch (IOException e) {
            throw new TestClusterException("cannot look up the user 'mysql': " + e, e);
        }
    }

    /**
     * One located set of binaries.
     *
     * @param kind        the locator's name, for {@code toString()}
     * @param origin      where they came from
     * @param version     the version the server reports
     * @param tools       tool name → absolute path
     * @param environment extra environment of every tool
     * @param serverUser  the Unix user the server runs as when the JVM runs as root
     */
    record Located(String kind, String origin, String version, Map<String, Path> tools, Map<String, String> environment,
            String serverUser) implements Binaries {

        @Override
        public Path tool(String name) {
            return tools.get(name);
        }

        @Override
        public String serverUserWhenRoot() {
            return serverUser;
        }

        @Override
        public String toString() {
            return kind + "[" + origin + ", " + version + "]";
        }
    }
}
