package dev.aurorajdbc.testcluster.junit;

import dev.aurorajdbc.testcluster.BackendType;
import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherConfig;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.opentest4j.TestAbortedException;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * The rule for a missing prerequisite holds for a cluster that a test starts itself with
 * {@link TestCluster.Builder#start()}, registered as this project registers it (extension auto-detection, from the
 * test resources' {@code junit-platform.properties}): {@link Probe} is run by a launcher of its own, its MySQL 8 server
 * binaries named by a directory without them, prerequisites required or not.
 */
class PrerequisiteRuleTest {
    private static final String MYSQL8_BIN = "aurora.testcluster.mysql8.bin";

    @TempDir
    Path empty;

    @Test
    void aBuilderStartedClusterWhosePrerequisiteIsMissingIsSkippedWithTheReasonWhenPrerequisitesAreNotRequired() {
        TestExecutionResult result = runProbe("false");
        assertThat(result.getStatus()).as("%s", result).isEqualTo(TestExecutionResult.Status.ABORTED);
        assertThat(result.getThrowable()).get().isInstanceOf(TestAbortedException.class)
                .extracting(Throwable::getMessage).asString()
                .contains("the test cluster cannot start on this machine")
                .contains(empty.toString()).contains("holds no executable mysqld")
                .contains("skipped");
    }

    @Test
    void aBuilderStartedClusterWhosePrerequisiteIsMissingFailsWhenPrerequisitesAreRequired() {
        TestExecutionResult result = runProbe("true");
        assertThat(result.getStatus()).as("%s", result).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable()).get().isInstanceOf(AssertionError.class)
                .extracting(Throwable::getMessage).asString()
                .contains("the test cluster cannot start on this machine")
                .contains(empty.toString()).contains("holds no executable mysqld")
                .contains("integration tests must run");
    }

    @Test
    void otherFailuresOfATestAreLeftAsTheyAre() {
        TestExecutionResult result = run(Failing.class, "false");
        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow()).isInstanceOf(IllegalStateException.class).hasMessage("not a prerequisite");
    }

    @Test
    void aReportLineIsOneLine() {
        assertThat(SkipReport.oneLine("  first\n  second\r\nthird\tfourth \n")).isEqualTo("first / second / third fourth");
    }

    @Test
    void theConsoleLineShortensLongPaths() {
        assertThat(SkipReport.abbreviatePaths("/var/cache/x/mysql-8.0.31/bin/mysqld --version failed: /usr/bin/ls, a/b/c/d and /tmp/x"))
                .isEqualTo(".../bin/mysqld --version failed: .../bin/ls, a/b/c/d and /tmp/x");
    }

    private TestExecutionResult runProbe(String required) {
        String before = System.getProperty(MYSQL8_BIN);
        System.setProperty(MYSQL8_BIN, empty.toString());
        try {
            return run(Probe.class, required);
        } finally {
            if (before == null) {
                System.clearProperty(MYSQL8_BIN);
            } else {
                System.setProperty(MYSQL8_BIN, before);
            }
        }
    }

    /** Runs {@code testClass}'s one test with {@value PrerequisiteRule#REQUIRE} set to {@code required}; its result. */
    private static TestExecutionResult run(Class<?> testClass, String required) {
        // Without auto-registered listeners: the probe's skip is not one of this build's.
        Launcher launcher = LauncherFactory.create(LauncherConfig.builder().enableTestExecutionListenerAutoRegistration(false).build());
        List<TestExecutionResult> results = new ArrayList<>();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .configurationParameter(PrerequisiteRule.REQUIRE, required).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (id.isTest()) {
                            results.add(result);
                        }
                    }
                });
        assertThat(results).as("the results of %s's test", testClass.getSimpleName()).hasSize(1);
        return results.get(0);
    }

    /**
     * Starts a MySQL 8 cluster as MonitorCredentialsIT does, without the rule named anywhere. (This JVM runs no
     * cluster before: MySQL 8 binaries located earlier would be kept for the JVM, whatever the property says.)
     */
    static class Probe {
        @Test
        void startsAMySql8Cluster() {
            try (TestCluster cluster = TestCluster.builder(Engine.MYSQL).mysqlServer(MySqlServer.MYSQL)
                    .backend(BackendType.PROCESS).replicas(0).autoFailover(null).start()) {
                throw new AssertionError("started without mysqld: " + cluster);
            }
        }
    }

    static class Failing {
        @Test
        void fails() {
            throw new IllegalStateException("not a prerequisite");
        }
    }
}
