package dev.aurorajdbc.testcluster.container;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.Backend;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The entry point to the container backend that is safe to call without Testcontainers on the class path: it
 * checks for it before any class that needs it is loaded.
 */
public final class ContainerSupport {
    static final String NO_DOCKER = "no Docker daemon answers (Testcontainers looks at DOCKER_HOST, "
            + "~/.testcontainers.properties and /var/run/docker.sock); start one, or on this project's machines run "
            + "testcluster/containers/dockerd.sh start and export what it prints";
    private static final String NO_TESTCONTAINERS = "Testcontainers is not on the class path: add "
            + "org.testcontainers:testcontainers (2.x) to the test dependencies";
    private static volatile Boolean dockerAvailable;

    private ContainerSupport() {
    }

    /** Whether {@code org.testcontainers:testcontainers} is on the class path. */
    public static boolean testcontainersPresent() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, ContainerSupport.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether containers can run here: Testcontainers is on the class path and a Docker daemon answers (asked once per JVM). */
    public static boolean available() {
        Boolean known = dockerAvailable;
        if (known == null) {
            known = testcontainersPresent() && Docker.available();
            dockerAvailable = known;
        }
        return known;
    }

    /**
     * A container backend for one cluster.
     *
     * @throws TestClusterException naming what is missing (Testcontainers, a Docker daemon) and how to get it
     */
    public static Backend create(String clusterId) {
        return create(clusterId, ContainerSupport::image);
    }

    /** A container backend for one cluster whose nodes run {@code images}' image of their engine. */
    public static Backend create(String clusterId, java.util.function.Function<Engine, String> images) {
        if (!testcontainersPresent()) {
            throw new TestClusterException(NO_TESTCONTAINERS);
        }
        return new ContainerBackend(clusterId, images);
    }

    /**
     * The image of an engine's nodes: the system property {@code aurora.testcluster.<engine>.image}, else the environment
     * variable {@code AURORA_TESTCLUSTER_<ENGINE>_IMAGE}, else the official image ({@value #POSTGRES_IMAGE},
     * {@value #MYSQL_IMAGE}); {@code <engine>} is {@code postgresql} or {@code mysql}. The image decides which MySQL server
     * runs (MariaDB's image gives MariaDB).
     */
    public static String image(Engine engine) {
        return image(engine, null);
    }

    /**
     * The image of an engine's nodes when a MySQL server was asked for explicitly ({@code null}: not asked, as
     * {@link #image(Engine)}): for {@link MySqlServer#MYSQL} {@code aurora.testcluster.mysql8.image} /
     * {@code AURORA_TESTCLUSTER_MYSQL8_IMAGE}, else {@value #MYSQL_IMAGE}; for {@link MySqlServer#MARIADB}
     * {@code aurora.testcluster.mariadb.image} / {@code AURORA_TESTCLUSTER_MARIADB_IMAGE}, else {@value #MARIADB_IMAGE}.
     */
    public static String image(Engine engine, MySqlServer requested) {
        return image(engine, requested, System::getProperty, System::getenv);
    }

    /** The official PostgreSQL image the PostgreSQL nodes run by default. */
    public static final String POSTGRES_IMAGE = "postgres:17";
    /** The official MySQL image the MySQL nodes run by default. */
    public static final String MYSQL_IMAGE = "mysql:8.4";
    /** The official MariaDB image, the default when MariaDB is asked for. */
    public static final String MARIADB_IMAGE = "mariadb:11.4";

    static String image(Engine engine, UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return image(engine, null, properties, environment);
    }

    static String image(Engine engine, MySqlServer requested, UnaryOperator<String> properties, UnaryOperator<String> environment) {
        String key;
        String fallback;
        if (engine == Engine.POSTGRESQL) {
            key = engine.urlName();
            fallback = POSTGRES_IMAGE;
        } else if (requested == MySqlServer.MYSQL) {
            key = "mysql8";
            fallback = MYSQL_IMAGE;
        } else if (requested == MySqlServer.MARIADB) {
            key = "mariadb";
            fallback = MARIADB_IMAGE;
        } else {
            key = engine.urlName();
            fallback = MYSQL_IMAGE;
        }
        String value = properties.apply("aurora.testcluster." + key + ".image");
        if (value == null || value.isBlank()) {
            value = environment.apply("AURORA_TESTCLUSTER_" + key.toUpperCase(Locale.ROOT) + "_IMAGE");
        }
        return value == null || value.isBlank() ? fallback : value.strip();
    }

    /** Isolates the Testcontainers types, loaded only once {@link #testcontainersPresent()} said yes. */
    private static final class Docker {
        static boolean available() {
            try {
                return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
            } catch (RuntimeException | LinkageError e) {
                return false;
            }
        }
    }
}
