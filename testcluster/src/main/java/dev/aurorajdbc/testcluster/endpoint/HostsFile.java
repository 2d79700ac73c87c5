package dev.aurorajdbc.testcluster.endpoint;

import dev.aurorajdbc.testcluster.TestClusterException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A hosts file in the format of the JDK's {@code -Djdk.net.hosts.file=FILE} ({@code address name} lines), shared by
 * every cluster of this JVM that writes to the same path: each cluster owns its lines, and every change rewrites the
 * whole file atomically (a temporary file moved over it), so that a JVM reading it never sees half of it.
 *
 * <p>A JVM started with {@code jdk.net.hosts.file} resolves names from that file only; the file therefore always
 * names {@code localhost} too.
 */
public final class HostsFile {
    private static final Map<Path, HostsFile> FILES = new ConcurrentHashMap<>();
    private final Path path;
    private final Map<String, List<String>> linesByOwner = new LinkedHashMap<>();

    private HostsFile(Path path) {
        this.path = path;
    }

    /** The one writer of the file at {@code path} in this JVM. */
    public static HostsFile at(Path path) {
        return FILES.computeIfAbsent(path.toAbsolutePath().normalize(), HostsFile::new);
    }

    public Path path() {
        return path;
    }

    /** Replaces the lines of {@code owner} and rewrites the file. */
    public synchronized void put(String owner, List<String> lines) {
        linesByOwner.put(owner, List.copyOf(lines));
        write();
    }

    /** Drops the lines of {@code owner} and rewrites the file. */
    public synchronized void remove(String owner) {
        if (linesByOwner.remove(owner) != null) {
            write();
        }
    }

    private void write() {
        List<String> all = new ArrayList<>();
        all.add("# written by aurora-testcluster: Aurora endpoint names of the running clusters");
        all.add("127.0.0.1 localhost");
        for (Map.Entry<String, List<String>> e : linesByOwner.entrySet()) {
            all.add("# " + e.getKey());
            all.addAll(e.getValue());
        }
        try {
            Files.createDirectories(path.getParent());
            Path tmp = Files.createTempFile(path.getParent(), path.getFileName().toString(), ".tmp");
            Files.write(tmp, all, StandardCharsets.US_ASCII);
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new TestClusterException("cannot write the hosts file " + path + ": " + e.getMessage(), e);
        }
    }
}
