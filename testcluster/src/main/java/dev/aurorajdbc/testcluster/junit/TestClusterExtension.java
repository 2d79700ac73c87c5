package dev.aurorajdbc.testcluster.junit;

import dev.aurorajdbc.testcluster.BackendType;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.opentest4j.TestAbortedException;

import java.time.Duration;

/** The JUnit 5 extension behind {@link WithTestCluster}. */
public final class TestClusterExtension implements BeforeAllCallback, ParameterResolver {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TestClusterExtension.class.getName());
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    private static TestCluster cluster(ExtensionContext context) {
        boolean required = PrerequisiteRule.required(context);
        Class<?> testClass = context.getRequiredTestClass();
        while (testClass.getEnclosingClass() != null && !testClass.isAnnotationPresent(WithTestCluster.class)) {
            testClass = testClass.getEnclosingClass();
        }
        WithTestCluster spec = testClass.getAnnotation(WithTestCluster.class);
        if (spec == null) {
            throw new ParameterResolutionException("annotate " + context.getRequiredTestClass().getName() + " with @WithTestCluster");
        }
        Class<?> owner = testClass;
        // Beside the class that declares it: closed when that class's tests are done, found by nested classes and methods.
        ClusterResource resource = context.getStore(NAMESPACE).getOrComputeIfAbsent(owner.getName(),
                key -> new ClusterResource(spec, required), ClusterResource.class);
        return resource.get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return parameterContext.getParameter().getType() == TestCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
        return cluster(extensionContext);
    }

    /**
     * Starts a cluster, applying the project's rule for integration tests ({@link PrerequisiteRule}): under CI
     * ({@code CI=true}, or {@value PrerequisiteRule#REQUIRE}{@code =true}) a cluster that cannot start fails the test;
     * elsewhere the test is skipped with the reason. A test that {@link PrerequisiteRule} is registered for may call
     * {@link TestCluster.Builder#start()} directly instead.
     */
    public static TestCluster startOrSkip(TestCluster.Builder builder) {
        return startOrSkip(builder, PrerequisiteRule.required());
    }

    private static TestCluster startOrSkip(TestCluster.Builder builder, boolean required) {
        try {
            return builder.start();
        } catch (RuntimeException e) {
            throw PrerequisiteRule.unavailable(PrerequisiteRule.CANNOT_START, e, required);
        }
    }

    /**
     * The project's rule for what an integration test needs and this machine lacks: under CI ({@code CI=true}, or the
     * system property {@value PrerequisiteRule#REQUIRE}{@code =true}) it fails the test (this method throws an
     * {@link AssertionError}); elsewhere it returns the exception that skips it, for the caller to throw:
     * {@code throw TestClusterExtension.unavailable("PostgreSQL binaries", e);}.
     *
     * @param what what is missing; {@code cause}'s message says how to get it
     */
    public static TestAbortedException unavailable(String what, Throwable cause) {
        return PrerequisiteRule.unavailable(what, cause, PrerequisiteRule.required());
    }

    /** Closes the cluster when JUnit closes the store of the annotated class (after its tests). */
    private static final class ClusterResource implements ExtensionContext.Store.CloseableResource {
        private final WithTestCluster spec;
        private final boolean required;
        private TestCluster cluster;
        private RuntimeException failure;

        ClusterResource(WithTestCluster spec, boolean required) {
            this.spec = spec;
            this.required = required;
        }

        synchronized TestCluster get() {
            if (cluster == null && failure == null) {
                try {
                    TestCluster.Builder builder = TestCluster.builder(spec.engine())
                            .replicas(spec.replicas())
                            .sync(spec.sync())
                            .tls(spec.tls())
                            .staleDnsWindow(Duration.ofMillis(spec.staleDnsWindowMillis()))
                            .autoFailover(spec.autoFailoverMillis() > 0 ? Duration.ofMillis(spec.autoFailoverMillis()) : null);
                    if (!spec.backend().isBlank()) {
                        builder.backend(BackendType.parse(spec.backend()));
                    }
                    if (!spec.mysqlServer().isBlank()) {
                        builder.mysqlServer(MySqlServer.parse(spec.mysqlServer()));
                    }
                    cluster = startOrSkip(builder, required);
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure != null) {
                throw failure;
            }
            return cluster;
        }

        @Override
        public synchronized void close() {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
