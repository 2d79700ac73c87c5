package dev.aurorajdbc.driver;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The jars the driver needs at run time besides its own and the native driver: checked once, before the first connect
 * touches any of them, so that a class path that lacks one gives {@code 08001} naming the artifact to add instead of a
 * {@link NoClassDefFoundError} out of {@code getConnection} (or, worse, out of the monitor thread, where it would only
 * end the monitoring). Maven and Gradle users get them as transitive dependencies; users who copy jars by hand
 * ({@code lib/}, a servlet container, a SQL tool's driver manager) are the ones this protects.
 *
 * <p>This class refers to no class outside {@code java.*}: it must load when every other jar is missing.
 */
public final class RuntimeDependencies {
    /**
     * A class of each artifact (one the driver uses), and the artifact's Maven coordinates; a missing class of the
     * same package belongs to the same artifact.
     */
    private static final String[][] REQUIRED = {
        {"dev.aurorajdbc.routing.HostAddress", "dev.aurorajdbc:aurora-jdbc-routing"},
        {"io.github.resilience4j.circuitbreaker.CircuitBreaker", "io.github.resilience4j:resilience4j-circuitbreaker"},
        {"io.github.resilience4j.core.EventConsumer", "io.github.resilience4j:resilience4j-core"},
        // Resilience4j logs through SLF4J (1.7.30 or newer); without it a circuit breaker fails when it is created.
        {"org.slf4j.LoggerFactory", "org.slf4j:slf4j-api"},
    };
    private RuntimeDependencies() {
    }

    /** Looked for once, when the first connect asks. */
    private static final class Missing {
        static final List<String> ARTIFACTS = find(RuntimeDependencies.class.getClassLoader());
    }

    /**
     * @throws SQLException SQLState {@code 08001} naming every missing artifact, when one is missing
     */
    static void require() throws SQLException {
        List<String> missing = Missing.ARTIFACTS;
        if (!missing.isEmpty()) {
            throw new SQLNonTransientConnectionException("the jdbc:aurora: driver needs " + String.join(", ", missing)
                    + " on the class path, which " + (missing.size() == 1 ? "is" : "are") + " missing: add "
                    + (missing.size() == 1 ? "it" : "them") + " beside aurora-jdbc (Maven and Gradle bring "
                    + (missing.size() == 1 ? "it" : "them") + " as dependencies of dev.aurorajdbc:aurora-jdbc; the"
                    + " README's \"Using the driver\" lists every jar)", SqlStates.UNABLE_TO_CONNECT);
        }
    }

    /** The artifacts of {@link #REQUIRED} whose class {@code loader} cannot find. */
    static List<String> find(ClassLoader loader) {
        List<String> missing = new ArrayList<>();
        for (String[] r : REQUIRED) {
            try {
                Class.forName(r[0], false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                missing.add(r[1]);
            }
        }
        return List.copyOf(missing);
    }

    /**
     * The artifact that {@code error} (or one of its causes) says is missing: a {@link NoClassDefFoundError} or
     * {@link ClassNotFoundException} for a class of one of the driver's dependencies.
     */
    public static Optional<String> missingArtifact(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                String message = t.getMessage();
                String className = message == null ? "" : message.replace('/', '.');
                for (String[] r : REQUIRED) {
                    // The artifact of the required class's package.
                    if (className.startsWith(r[0].substring(0, r[0].lastIndexOf('.') + 1))) {
                        return Optional.of(r[1]);
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code error} for a message: its class and message, and the artifact to add when it is a missing class of ours. */
    public static String describe(Throwable error) {
        String what = error.toString();
        return missingArtifact(error).map(a -> what + " (add " + a + " to the class path)").orElse(what);
    }
}
