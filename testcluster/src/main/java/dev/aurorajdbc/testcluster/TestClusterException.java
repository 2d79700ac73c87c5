package dev.aurorajdbc.testcluster;

/** A cluster operation failed or did not finish within its timeout. */
public class TestClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TestClusterException(String message) {
        super(message);
    }

    public TestClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
