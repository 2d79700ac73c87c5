package dev.aurorajdbc.testcluster.junit;

import dev.aurorajdbc.testcluster.TestClusterUnavailableException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import java.util.Locale;
import java.util.Optional;

/**
 * The project's rule for what a test needs and this machine lacks, applied to every test it is registered for: a
 * {@link TestClusterUnavailableException} (a cluster that cannot start here, however the test started it) thrown by a
 * test or a {@code @BeforeAll}/{@code @BeforeEach}/{@code @AfterEach}/{@code @AfterAll} method fails the test when
 * prerequisites are required, and skips it with the reason otherwise. Other exceptions pass through unchanged.
 *
 * <p>Prerequisites are required when the configuration parameter (or system property) {@value #REQUIRE} is
 * {@code true}; when it is {@code false} they are not; when it is unset, under CI (environment variable {@code CI} set
 * and not {@code false}).
 *
 * <p>{@link WithTestCluster} registers it. To have it for every test, register it with
 * {@code @ExtendWith(PrerequisiteRule.class)} or by JUnit's extension auto-detection
 * ({@code junit.jupiter.extensions.autodetection.enabled=true}: this jar names it in
 * {@code META-INF/services/org.junit.jupiter.api.extension.Extension}).
 */
public final class PrerequisiteRule implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    /** Configuration parameter or system property: {@code true} fails, {@code false} skips; unset: the {@code CI} environment variable decides. */
    public static final String REQUIRE = "aurora.testcluster.requirePrerequisites";

    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(PrerequisiteRule.class.getName());
    static final String CANNOT_START = "the test cluster cannot start on this machine";

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw apply(context, throwable);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw apply(context, throwable);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw apply(context, throwable);
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw apply(context, throwable);
    }

    @Override
    public void handleAfterAllMethodExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        throw apply(context, throwable);
    }

    /** {@code throwable}, or what the rule makes of it when a cluster could not start (the AssertionError is thrown). */
    private static Throwable apply(ExtensionContext context, Throwable throwable) {
        for (Throwable t = throwable; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof TestClusterUnavailableException unavailable) {
                return unavailable(CANNOT_START, unavailable, required(context));
            }
        }
        return throwable;
    }

    /** Whether prerequisites are required for the tests of {@code context} (its configuration parameters, then {@code CI}). */
    static boolean required(ExtensionContext context) {
        return required(context.getConfigurationParameter(REQUIRE));
    }

    /** Whether prerequisites are required outside a test's context: the system property, then {@code CI}. */
    static boolean required() {
        return required(Optional.ofNullable(System.getProperty(REQUIRE)));
    }

    private static boolean required(Optional<String> configured) {
        Optional<String> value = configured.map(String::trim).filter(v -> !v.isEmpty());
        if (value.isPresent()) {
            return Boolean.parseBoolean(value.get());
        }
        String ci = System.getenv("CI");
        return ci != null && !ci.isBlank() && !"false".equals(ci.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * The rule: when {@code required}, throws an {@link AssertionError}; otherwise returns the exception that skips the
     * test, whose message is the reason.
     */
    static TestAbortedException unavailable(String what, Throwable cause, boolean required) {
        String message = what + ": " + cause.getMessage();
        if (required) {
            throw new AssertionError(message + " (CI=true or " + REQUIRE + "=true: integration tests must run)", cause);
        }
        String skipped = message + " (this integration test is skipped; under CI=true it fails)";
        LOG.warning(skipped);
        return new TestAbortedException(skipped, cause);
    }
}
