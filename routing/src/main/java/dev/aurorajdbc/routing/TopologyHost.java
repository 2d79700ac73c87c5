package dev.aurorajdbc.routing;

import java.util.Objects;

/**
 * One member of a {@link Topology}, as a topology source reported it. Immutable.
 *
 * <p>Figures a source cannot tell are {@link #UNKNOWN} ({@code -1}). The writer's replica lag is 0 by definition:
 * the constructor sets it, whatever the source passed.
 *
 * @param instanceId            the instance id the cluster's metadata gives this member (Aurora's {@code server_id}),
 *                              or {@code null} where there is none (self-managed and static clusters)
 * @param address               where clients reach the member
 * @param role                  writer or reader
 * @param replicaLagMillis      how far a reader's replay is behind the writer, in milliseconds, or {@link #UNKNOWN}
 * @param lastUpdateEpochMillis when the cluster's metadata last heard from the member (epoch milliseconds, the
 *                              server's clock), or {@link #UNKNOWN}
 * @param cpuPercent            CPU use in percent as the metadata reports it (Aurora), or {@link #UNKNOWN}
 */
public record TopologyHost(String instanceId, HostAddress address, HostRole role, long replicaLagMillis,
        long lastUpdateEpochMillis, double cpuPercent) {

    /** The value of a figure the source could not tell. */
    public static final long UNKNOWN = -1;

    /**
     * Validates the figures and sets a writer's lag to 0.
     *
     * @throws IllegalArgumentException when the instance id is blank or a figure is negative (other than
     *         {@link #UNKNOWN}) or not a finite number
     */
    public TopologyHost {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(role, "role");
        if (instanceId != null && instanceId.isBlank()) {
            throw new IllegalArgumentException("blank instance id for " + address);
        }
        if (replicaLagMillis < UNKNOWN) {
            throw new IllegalArgumentException("replica lag " + replicaLagMillis + " ms of " + address
                    + " is negative");
        }
        if (lastUpdateEpochMillis < UNKNOWN) {
            throw new IllegalArgumentException("last update " + lastUpdateEpochMillis + " of " + address
                    + " is negative");
        }
        if (!(cpuPercent >= 0 || cpuPercent == UNKNOWN) || Double.isInfinite(cpuPercent)) {
            throw new IllegalArgumentException("CPU figure " + cpuPercent + " of " + address + " is not a percentage");
        }
        if (role == HostRole.WRITER) {
            replicaLagMillis = 0;
        }
    }

    /** A member of which nothing but the role is known (a static topology's host). */
    public static TopologyHost of(String instanceId, HostAddress address, HostRole role) {
        return new TopologyHost(instanceId, address, role, UNKNOWN, UNKNOWN, UNKNOWN);
    }

    /** Whether this is the writer. */
    public boolean isWriter() {
        return role == HostRole.WRITER;
    }

    /**
     * Whether {@code other} is the same member in the same role: same address, instance id and role, whatever the
     * figures (lag, last update, CPU) that change on every refresh.
     */
    public boolean sameMember(TopologyHost other) {
        return other != null && address.equals(other.address) && role == other.role
                && Objects.equals(instanceId, other.instanceId);
    }

    /** {@code writer 11 127.0.0.11:5432 (lag 0 ms)}: role, id, address and the figures that are known. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(role == HostRole.WRITER ? "writer " : "reader ");
        if (instanceId != null) {
            s.append(instanceId).append(' ');
        }
        s.append(address);
        if (replicaLagMillis != UNKNOWN || cpuPercent != UNKNOWN) {
            s.append(" (");
            if (replicaLagMillis != UNKNOWN) {
                s.append("lag ").append(replicaLagMillis).append(" ms");
            }
            if (cpuPercent != UNKNOWN) {
                s.append(replicaLagMillis != UNKNOWN ? ", " : "").append("cpu ").append(cpuPercent).append('%');
            }
            s.append(')');
        }
        return s.toString();
    }
}
