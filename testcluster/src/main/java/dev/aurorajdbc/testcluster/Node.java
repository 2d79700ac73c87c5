package dev.aurorajdbc.testcluster;

import dev.aurorajdbc.testcluster.spi.NodeRuntime;

/**
 * A live handle on one node of a {@link TestCluster}. Its role and state change as the cluster fails over;
 * read them again rather than caching them. Clients reach the node at {@link #host()}:{@link #port()}, through
 * the node's fault proxy.
 */
public final class Node {
    private final String id;
    private final String host;
    private final int port;
    private final String jdbcUrl;
    final NodeRuntime runtime;
    final dev.aurorajdbc.testcluster.proxy.FaultProxy proxy;
    private volatile Role role;
    private volatile NodeState state = NodeState.STOPPED;
    /** Set when the node must be rewound/re-pointed before it may start again as a replica. */
    volatile boolean needsRejoin;
    volatile long lastSeenMillis;

    Node(String id, String host, int port, String jdbcUrl, Role role, NodeRuntime runtime,
            dev.aurorajdbc.testcluster.proxy.FaultProxy proxy) {
        this.id = id;
        this.host = host;
        this.port = port;
        this.jdbcUrl = jdbcUrl;
        this.role = role;
        this.runtime = runtime;
        this.proxy = proxy;
    }

    /** The node's id; also its emulated Aurora instance id (the last octet of its address). */
    public String id() {
        return id;
    }

    /** The loopback address clients connect to. */
    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    /** The native driver's JDBC URL for this node alone. */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    public Role role() {
        return role;
    }

    public boolean isWriter() {
        return role == Role.WRITER;
    }

    public NodeState state() {
        return state;
    }

    /**
     * The client connections the node's address has accepted since it started (its fault proxy counts them; the
     * control plane's own connections do not pass there): how many native connections a driver opened to it.
     */
    public long clientConnectionsAccepted() {
        return proxy.acceptedCount();
    }

    /** Whether clients are cut off from the node by {@link TestCluster#cut(Node)}. */
    public boolean isCut() {
        return proxy.isCut();
    }

    void role(Role role) {
        this.role = role;
    }

    void state(NodeState state) {
        this.state = state;
    }

    @Override
    public String toString() {
        return "Node[" + id + " " + role + " " + state + (isCut() ? " CUT" : "") + " " + address() + "]";
    }
}
