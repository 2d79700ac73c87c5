package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.jdbc.AuroraConnection;
import dev.aurorajdbc.driver.jdbc.ConnectionOwner;
import dev.aurorajdbc.driver.jdbc.SessionState;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.HostRole;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * The driver side of one logical connection: the configuration it was opened with, where its native connection is
 * and, with read/write splitting, the other native connection kept for reuse (the writer's while on a replica, the
 * replica's while on the writer). Its cluster keeps the open sessions, so that the monitor can abort the native
 * connections to a host it found hung or demoted; nothing here is touched on the statement path.
 */
final class ClusterSession implements ConnectionOwner {
    private final ClusterContext cluster;
    private final AuroraConfig config;
    private volatile Placement placement;
    /** The other native connection, kept for reuse, and what it is known to have; the application thread's. */
    private volatile Placement parked;
    private SessionState.Snapshot parkedState;
    /**
     * Read-your-writes: the writer's position after this session's latest located writes (null while it wrote
     * nothing). Every replica the session reads on has replayed it: checked when the replica is chosen, whether by
     * setReadOnly or by a replica's failover, in this read-only period or a later one. The application thread's.
     */
    private volatile String writesAt;

    /** A native connection, the host it is connected to and that host's role when it was opened. */
    record Placement(Connection physical, HostAddress host, HostRole role) {
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

    /** The parked native connection if it has {@code role}, else null. */
    Placement parked(HostRole role) {
        Placement p = parked;
        return p != null && p.role() == role ? p : null;
    }

    SessionState.Snapshot parkedState() {
        return parkedState;
    }

    /** {@code now} became current; the previous current one is parked with {@code outgoingState}. */
    void switched(Placement now, SessionState.Snapshot outgoingState) {
        Placement previous = placement;
        placement = now;
        parked = previous;
        parkedState = outgoingState;
    }

    String writesAt() {
        return writesAt;
    }

    void writesAt(String position) {
        writesAt = position;
    }

    /** Forgets the parked native connection and returns it (to be closed), or null. */
    Placement unpark() {
        Placement p = parked;
        parked = null;
        parkedState = null;
        return p;
    }

    @Override
    public String logPrefix() {
        return cluster.logPrefix();
    }

    @Override
    public boolean movesForReadOnly() {
        return config.readWriteSplitting();
    }

    @Override
    public boolean moveForReadOnly(AuroraConnection connection, boolean readOnly) throws SQLException {
        return cluster.moveForReadOnly(this, connection, readOnly);
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
