package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.ConnectionOwner;
import dev.aurorajdbc.routing.HostAddress;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The driver side of one logical connection: the configuration it was opened with and where its native connection
 * is. Its cluster keeps the open sessions, so that the monitor can abort the native connections to a host it found
 * hung or demoted; nothing here is touched on the statement path.
 */
final class ClusterSession implements ConnectionOwner {
    private final ClusterContext cluster;
    private final AuroraConfig config;
    private volatile Placement placement;

    /** A native connection and the host it is connected to, replaced together. */
    record Placement(Connection physical, HostAddress host) {
    }

    ClusterSession(ClusterContext cluster, AuroraConfig config, Placement placement) {
        this.cluster = cluster;
        this.config = config;
        this.placement = placement;
    }

    ClusterContext cluster() {
        return cluster;
    }

    AuroraConfig config() {
        return config;
    }

    Placement placement() {
        return placement;
    }

    void placed(Placement now) {
        placement = now;
    }

    @Override
    public SQLException onFailure(AuroraConnection connection, SQLException e) {
        return cluster.failover(this, connection, e);
    }

    @Override
    public void closed(AuroraConnection connection) {
        cluster.closed(this);
    }

    @Override
    public String toString() {
        return "ClusterSession[" + placement.host() + "]";
    }
}
