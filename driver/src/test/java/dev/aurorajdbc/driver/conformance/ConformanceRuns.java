package dev.aurorajdbc.driver.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.aurorajdbc.driver.conformance.ConformanceSuite.StepResult;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.GeneratedAuroraConnection;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestCluster;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The conformance suite on one engine's test cluster: the native driver is the reference, run twice (the suite
 * must be deterministic); the wrappers over a native connection, and the {@code jdbc:aurora:} driver, must give
 * the same result at every step. A failure names the first differing step and both results.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ConformanceRuns {

    /** The driver class; the {@code jdbc:aurora:} run is skipped until it is on the class path. */

    private final TestCluster cluster;
    private final ConformanceSuite suite;
    private List<StepResult> reference;

    ConformanceRuns(TestCluster cluster) {
        this.cluster = cluster;
        this.suite = ConformanceSteps.suite(cluster.engine());
    }

    @Test
    void nativeRunIsCleanAndRepeatable() throws SQLException {
        List<StepResult> first = reference();
        assertThat(first).as("steps that crashed on the native driver").noneMatch(StepResult::crashed);
        assertThat(first).hasSize(suite.steps().size());
        assertSame(first, nativeSubject("native (second run)"));
    }

    @Test
    void wrappersOverNativeMatchNative() throws SQLException {
        assertSame(reference(), new Subject("wrapped", () -> new GeneratedAuroraConnection(new PassThroughOwner(),
                openNative(), cluster.writer().address())));
    }

    @Test
    void auroraUrlMatchesNative() throws SQLException {
        assertSame(reference(), new Subject("jdbc:aurora:", this::openAurora));
    }

    /** The native driver's results, computed once per class. */
    private synchronized List<StepResult> reference() throws SQLException {
        if (reference == null) {
            reference = suite.run(nativeSubject("native"));
            System.out.println(cluster.engine() + " native results:");
            reference.forEach(r -> System.out.println("  " + r));
        }
        return reference;
    }

    private void assertSame(List<StepResult> expected, Subject subject) throws SQLException {
        List<StepResult> actual = suite.run(subject);
        ConformanceSuite.firstDifference("native", expected, subject.name(), actual).ifPresent(difference -> {
            System.out.println(cluster.engine() + " " + subject.name() + " results:");
            actual.forEach(r -> System.out.println("  " + r));
            fail(cluster.engine() + ": " + difference);
        });
    }

    private Subject nativeSubject(String name) {
        return new Subject(name, this::openNative);
    }

    private Connection openNative() throws SQLException {
        return DriverManager.getConnection(cluster.writer().jdbcUrl(), nativeProperties());
    }

    /** A {@code jdbc:aurora:} connection, checked to be the driver's logical connection (not a native one). */
    private Connection openAurora() throws SQLException {
        Connection c = DriverManager.getConnection(cluster.auroraUrl(), auroraProperties());
        if (!(c instanceof AuroraConnection)) {
            c.close();
            throw new AssertionError(cluster.auroraUrl() + " gave a " + c.getClass().getName()
                    + ", not an AuroraConnection");
        }
        return c;
    }

    /** The application user's credentials (MySQL: no TLS, as the native URL says). */
    Properties nativeProperties() {
        Properties props = new Properties();
        props.setProperty("user", cluster.user());
        props.setProperty("password", cluster.password());
        if (cluster.engine() == Engine.MYSQL) {
            props.setProperty("sslMode", "DISABLED");
        }
        return props;
    }

    /** The native properties; they pass through {@code jdbc:aurora:} to the native driver unchanged. */
    Properties auroraProperties() {
        return nativeProperties();
    }
}
