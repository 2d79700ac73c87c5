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
import java.util.Locale;

/** The JUnit 5 extension behind {@link WithTestCluster}. */
public final class TestClusterExtension implements BeforeAllCallback, ParameterResolver {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(TestClusterExtension.class.getName());
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(TestClusterExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        cluster(context);
    }

    private static TestCluster cluster(ExtensionContext context) {
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
                key -> new ClusterResource(spec), ClusterResource.class);
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
     * Starts a cluster, applying the project's rule for integration tests: under CI ({@code CI=true}) a cluster
     * that cannot start fails the test; elsewhere the test is skipped with the reason.
     */
    public static TestCluster startOrSkip(TestCluster.Builder builder) {
        try {
            return builder.start();
        } catch (RuntimeException e) {
            throw unavailable("the test cluster cannot start on this machine", e);
        }
    }

    /**
     * The project's rule for what an integration test needs and this machine lacks: under CI ({@code CI=true})
     * it fails the test (this method throws an {@link AssertionError}); elsewhere it returns the exception that skips
     * it, for the caller to throw: {@code throw TestClusterExtension.unavailable("PostgreSQL binaries", e);}.
     *
     * @param what what is missing; {@code cause}'s message says how to get it
     */
    public static TestAbortedException unavailable(String what, Throwable cause) {
        String message = what + ": " + cause.getMessage();
        if (isCi()) {
            throw new AssertionError(message + " (CI=true: integration tests must run)", cause);
        }
        String skipped = message + " (this integration test is skipped; under CI=true it fails)";
        // Surefire and failsafe drop the reason of a whole class skipped in beforeAll: say it on the console too.
        LOG.warning(skipped);
        return new TestAbortedException(skipped, cause);
    }

    static boolean isCi() {
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !"false".equals(ci.toLowerCase(Locale.ROOT));
    }

    /** Closes the cluster when JUnit closes the store of the annotated class (after its tests). */
    private static final class ClusterResource implements ExtensionContext.Store.CloseableResource {
        private final WithTestCluster spec;
        private TestCluster cluster;
        private RuntimeException failure;

        ClusterResource(WithTestCluster spec) {
            this.spec = spec;
        }

        synchronized TestCluster get() {
            if (cluster == null && failure == null) {
                try {
                    TestCluster.Builder builder = TestCluster.builder(spec.engine())
                            .replicas(spec.replicas())
                            .sync(spec.sync())
                            .autoFailover(spec.autoFailoverMillis() > 0 ? Duration.ofMillis(spec.autoFailoverMillis()) : null);
                    if (!spec.backend().isBlank()) {
                        builder.backend(BackendType.parse(spec.backend()));
                    }
                    if (!spec.mysqlServer().isBlank()) {
                        builder.mysqlServer(MySqlServer.parse(spec.mysqlServer()));
                    }
                    cluster = startOrSkip(builder);
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
