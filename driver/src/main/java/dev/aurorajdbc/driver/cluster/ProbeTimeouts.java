package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.Engine;

import java.util.Properties;

/** The native drivers' timeout settings for the monitor's own connections: a hung host must not hold it. */
final class ProbeTimeouts {
    private ProbeTimeouts() {
    }

    /**
     * Sets the connect and socket timeouts of {@code props} to {@code millis} (pgjdbc: whole seconds, at least 1); the
     * socket timeout bounds every read of the handshake too. pgjdbc also gets its loginTimeout: with sslmode=prefer
     * (its default) it tries again without TLS when the server does not answer the TLS request, so a connect to a hung
     * server would take two socket timeouts (measured: a trial of a hung writer took 2.0 s, not 1 s). The loginTimeout
     * bounds the whole connect, at the price of a thread per connect, which the monitor's rare new connections pay.
     */
    static void apply(Engine engine, Properties props, long millis) {
        if (engine == Engine.POSTGRESQL) {
            String seconds = Long.toString(Math.max(1, (millis + 999) / 1000));
            props.setProperty("connectTimeout", seconds);
            props.setProperty("loginTimeout", seconds);
            props.setProperty("socketTimeout", seconds);
        } else {
            String ms = Long.toString(Math.max(1, millis));
            props.setProperty("connectTimeout", ms);
            props.setProperty("socketTimeout", ms);
        }
    }
}
