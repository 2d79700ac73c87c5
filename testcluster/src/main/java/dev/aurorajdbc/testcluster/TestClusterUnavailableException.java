package dev.aurorajdbc.testcluster;

/**
 * A cluster could not start on this machine: what it needs is missing (server binaries, a library they load, Docker,
 * an image, a plugin) or a server failed to come up. {@link TestCluster.Builder#start()} throws it, with the failure as
 * its cause and the cause's message as its own.
 *
 * <p>In JUnit 5 tests, {@link dev.aurorajdbc.testcluster.junit.PrerequisiteRule} turns it into the project's rule for
 * a missing prerequisite: the test fails under CI and is skipped, with this message as the reason, elsewhere.
 */
public class TestClusterUnavailableException extends TestClusterException {
    private static final long serialVersionUID = 1L;

    public TestClusterUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
