package dev.aurorajdbc.benchmarks.failover;

import java.util.Properties;

/**
 * The application's own timeouts, the same for every client: how long it waits for a connection and for a
 * statement's answer. A socket timeout is what lets any client notice a hung or cut writer that sends nothing at
 * all; {@code 0} leaves the native driver's default (none).
 *
 * @param connectTimeoutMs connect (and login) timeout, ms
 * @param socketTimeoutMs  socket read timeout, ms; 0: none
 */
public record ClientSettings(long connectTimeoutMs, long socketTimeoutMs) {
    /** Validates the settings. */
    public ClientSettings {
        if (connectTimeoutMs < 1) {
            throw new IllegalArgumentException("--connect-timeout-ms must be at least 1, got " + connectTimeoutMs);
        }
        if (socketTimeoutMs < 0) {
            throw new IllegalArgumentException("--socket-timeout-ms must be 0 (none) or more, got " + socketTimeoutMs);
        }
    }

    /** The socket timeout in the native driver's unit: whole seconds (rounded up) for pgjdbc, ms for Connector/J. */
    String nativeSocketTimeout(boolean pgjdbc) {
        return pgjdbc ? Long.toString(seconds(socketTimeoutMs)) : Long.toString(socketTimeoutMs);
    }

    /** Sets pgjdbc's connectTimeout, loginTimeout and socketTimeout (whole seconds, rounded up). */
    void applyPgjdbcTimeouts(Properties props) {
        props.setProperty("connectTimeout", Long.toString(seconds(connectTimeoutMs)));
        props.setProperty("loginTimeout", Long.toString(seconds(connectTimeoutMs)));
        if (socketTimeoutMs > 0) {
            props.setProperty("socketTimeout", Long.toString(seconds(socketTimeoutMs)));
        }
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }
}
