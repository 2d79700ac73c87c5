package dev.aurorajdbc.driver.conformance;

import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.ConnectionOwner;
import java.sql.SQLException;

/**
 * The driver side of an {@link AuroraConnection} that does nothing of its own: every native exception reaches the
 * application unchanged, and a close is no news. With it, the suite measures what the wrappers alone change.
 */
final class PassThroughOwner implements ConnectionOwner {

    @Override
    public SQLException onFailure(AuroraConnection connection, SQLException e) {
        return e;
    }

    @Override
    public void closed(AuroraConnection connection) {
    }
}
