package dev.aurorajdbc.driver.jdbc;

import java.sql.NClob;

/**
 * An NCLOB of an {@link AuroraConnection}: a thin wrapper around the native NCLOB, as {@link AuroraClob} describes
 * (NClob adds no method to Clob).
 */
final class AuroraNClob extends AuroraClob implements NClob {

    AuroraNClob(AuroraConnection connection, NClob delegate) {
        super(connection, delegate);
    }
}
