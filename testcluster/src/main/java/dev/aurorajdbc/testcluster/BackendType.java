package dev.aurorajdbc.testcluster;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where a cluster's nodes run. Chosen, in this order, by {@link TestCluster.Builder#backend(BackendType)}, the system
 * property {@value #PROPERTY}, the environment variable {@value #ENVIRONMENT}, else {@link #AUTO}.
 */
public enum BackendType {
    /** Containers when a Docker daemon answers (and Testcontainers is on the class path), else local processes. */
    AUTO,
    /** Local server processes, from the engine's binaries on this machine. */
    PROCESS,
    /** One container per node on a Testcontainers network (needs Docker and {@code org.testcontainers:testcontainers}). */
    CONTAINER;

    /** The system property that chooses the backend: {@code auto}, {@code process} or {@code container}. */
    public static final String PROPERTY = "aurora.testcluster.backend";
    /** The environment variable that chooses the backend when the system property is not set. */
    public static final String ENVIRONMENT = "AURORA_TESTCLUSTER_BACKEND";

    /** The choice of this JVM's settings: the system property, else the environment variable, else {@link #AUTO}. */
    public static BackendType configured() {
        return configured(System::getProperty, System::getenv);
    }

    static BackendType configured(UnaryOperator<String> properties, UnaryOperator<String> environment) {
        return EnumSetting.configured(BackendType.class, "test cluster backend", PROPERTY, ENVIRONMENT, properties, environment, AUTO);
    }

    /** Parses {@code auto}, {@code process} or {@code container} (any case, surrounding blanks ignored). */
    public static BackendType parse(String value) {
        return EnumSetting.parse(BackendType.class, "test cluster backend", value);
    }

    /** The lower-case name, as in the property and the CLI. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
