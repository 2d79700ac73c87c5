package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.Engine;

import java.util.Properties;

/** The native drivers' timeout settings for the monitor's own connections: a hung host must not hold it. */
final class ProbeTimeouts {
    private ProbeTimeouts() {
    }

    /**
     * Sets the connect and socket timeouts of {@code props} to {@code millis} (pgjdbc: whole seconds, at least 1); the
     * socket timeout bounds every read of the handshake too. Not pgjdbc's loginTimeout: it would connect on a new
     * thread each time.
     */
    static void apply(Engine engine, Properties props, long millis) {
        if (engine == Engine.POSTGRESQL) {
            String seconds = Long.toString(Math.max(1, (millis + 999) / 1000));
            props.setProperty("connectTimeout", seconds);
            props.setProperty("socketTimeout", seconds);
        } else {
            String ms = Long.toString(Math.max(1, millis));
            props.setProperty("connectTimeout", ms);
            props.setProperty("socketTimeout", ms);
        }
    }
}
