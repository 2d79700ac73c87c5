package dev.aurorajdbc.testcluster.local;

import dev.aurorajdbc.testcluster.TestClusterException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * The scratch directories of local clusters and their cleanup: {@code <tmp>/aurora-testcluster/<cluster>-<pid>/},
 * each with an {@code owner} file naming the JVM that made it. A directory whose JVM is gone is swept (its
 * servers killed, its files deleted) by the next cluster that starts.
 */
final class ScratchSpace {
    private static final Logger LOG = Logger.getLogger(ScratchSpace.class.getName());
    static final String OWNER_FILE = "owner";
    /** Every node directory holds this file while its server runs: {@code <pid>}. */
    static final String PID_FILE = "server.pid";

    private ScratchSpace() {
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static Path baseDir() {
        Path base = Path.of(System.getProperty("aurora.testcluster.dir",
                Path.of(System.getProperty("java.io.tmpdir"), "aurora-testcluster").toString()));
        try {
            Files.createDirectories(base);
            // Servers run as another user when we are root: they must be able to traverse to their directories.
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new TestClusterException("cannot create the test cluster's scratch directory " + base + ": " + e, e);
        }
        return base;
    }

    static Path createClusterDir(Path base, String clusterId) {
        ProcessHandle self = ProcessHandle.current();
        Path dir = base.resolve(clusterId + "-" + self.pid());
        try {
            Files.createDirectory(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
            long started = self.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            Files.writeString(dir.resolve(OWNER_FILE), self.pid() + " " + started + "\n");
        } catch (IOException e) {
            throw new TestClusterException("cannot create the cluster directory " + dir + ": " + e, e);
        }
        return dir;
    }

    /** Kills the servers of, and deletes, every cluster directory whose JVM is gone. */
    static void sweepStale(Path base) {
        List<Path> stale = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(base)) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && !ownerAlive(dir)) {
                    stale.add(dir);
                }
            }
        } catch (IOException e) {
            LOG.warning("could not list " + base + " to sweep stale clusters: " + e);
            return;
        }
        for (Path dir : stale) {
            LOG.info("sweeping the stale test cluster directory " + dir + " (its JVM is gone)");
            killRecordedServers(dir);
            deleteTree(dir);
        }
    }

    private static boolean ownerAlive(Path dir) {
        try {
            String[] owner = Files.readString(dir.resolve(OWNER_FILE)).trim().split(" ");
            long pid = Long.parseLong(owner[0]);
            long started = Long.parseLong(owner[1]);
            Optional<ProcessHandle> handle = ProcessHandle.of(pid);
            if (handle.isEmpty() || !handle.get().isAlive()) {
                return false;
            }
            long actual = handle.get().info().startInstant().map(Instant::toEpochMilli).orElse(started);
            return actual == started;
        } catch (IOException | RuntimeException e) {
            // No readable owner: either being created right now (young) or garbage (old).
            try {
                return Files.getLastModifiedTime(dir).toMillis() > System.currentTimeMillis() - 60_000;
            } catch (IOException ex) {
                return false;
            }
        }
    }

    private static void killRecordedServers(Path clusterDir) {
        try (DirectoryStream<Path> nodes = Files.newDirectoryStream(clusterDir)) {
            for (Path node : nodes) {
                Path pidFile = node.resolve(PID_FILE);
                if (Files.isRegularFile(pidFile)) {
                    long pid = Long.parseLong(Files.readString(pidFile).trim());
                    ProcessHandle.of(pid).ifPresent(p -> {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    });
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("could not kill the servers of " + clusterDir + ": " + e);
        }
    }

    /**
     * Starts a detached process that waits for end-of-file on its standard input, which happens when this JVM
     * closes the pipe or dies by any means, then kills the servers recorded under {@code clusterDir} and deletes it.
     */
    static Process startTether(Path clusterDir) {
        String script = "cat >/dev/null\n"
                + "for f in \"$1\"/*/" + PID_FILE + "; do\n"
                + "  [ -f \"$f\" ] || continue\n"
                + "  p=$(cat \"$f\")\n"
                + "  pkill -KILL -P \"$p\" 2>/dev/null; kill -CONT \"$p\" 2>/dev/null; kill -KILL \"$p\" 2>/dev/null\n"
                + "done\n"
                + "rm -rf \"$1\"\n";
        try {
            return new ProcessBuilder("setsid", "-w", "sh", "-c", script, "aurora-testcluster-tether", clusterDir.toString())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new TestClusterException("cannot start the cleanup tether process (setsid, sh): " + e, e);
        }
    }

    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException exc) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.warning("could not delete " + dir + ": " + e);
        }
    }

    static void chown(Path path, String user) {
        if (user == null) {
            return;
        }
        try {
            UserPrincipal principal = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
            Files.setOwner(path, principal);
            try {
                var group = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByGroupName(user);
                Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class).setGroup(group);
            } catch (java.nio.file.attribute.UserPrincipalNotFoundException noSuchGroup) {
                // the user has no group of its own name: its files keep the JVM's group, which is fine
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give " + path + " to user " + user, e);
        }
    }

    static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }
}
