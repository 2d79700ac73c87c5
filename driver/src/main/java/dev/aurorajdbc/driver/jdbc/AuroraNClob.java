package dev.aurorajdbc.driver.jdbc;

import dev.aurorajdbc.codegen.GenerateDelegation;
import java.sql.NClob;

/**
 * An NCLOB of an {@link AuroraConnection}: a thin wrapper around the native NCLOB, as {@link AuroraClob} describes
 * (NClob adds no method to Clob). {@code GeneratedAuroraNClob} implements the Clob methods again: they are still
 * abstract here.
 */
@GenerateDelegation(values = Values.class)
abstract class AuroraNClob extends AuroraClob implements NClob {

    AuroraNClob(AuroraConnection connection, NClob delegate) {
        super(connection, delegate);
    }
}
