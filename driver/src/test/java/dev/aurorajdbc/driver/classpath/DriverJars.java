package dev.aurorajdbc.driver.classpath;

import dev.aurorajdbc.driver.AuroraDriver;
import dev.aurorajdbc.routing.HostAddress;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.EventConsumer;
import org.slf4j.LoggerFactory;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the test JVM found the jars (or class folders) an application without Maven puts on its class path: the
 * driver, its dependencies and pgjdbc, by the artifact each stands for; plus this package's own classes ("probe"),
 * which the class-path tests run inside the application's class path.
 */
final class DriverJars {
    static final String PROBE = "probe";

    private DriverJars() {
    }

    static Map<String, Path> all() {
        Map<String, Path> jars = new LinkedHashMap<>();
        jars.put(PROBE, locationOf(DriverJars.class));
        jars.put("dev.aurorajdbc:aurora-jdbc", locationOf(AuroraDriver.class));
        jars.put("dev.aurorajdbc:aurora-jdbc-routing", locationOf(HostAddress.class));
        jars.put("io.github.resilience4j:resilience4j-circuitbreaker", locationOf(CircuitBreaker.class));
        jars.put("io.github.resilience4j:resilience4j-core", locationOf(EventConsumer.class));
        jars.put("org.slf4j:slf4j-api", locationOf(LoggerFactory.class));
        jars.put("org.postgresql:postgresql", locationOf(org.postgresql.Driver.class));
        return jars;
    }

    private static Path locationOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
