package dev.aurorajdbc.testcluster;

/** What the cluster last did to a node's server process. Network faults ({@link Node#isCut()}) are separate. */
public enum NodeState {
    /** The server runs and answers. */
    RUNNING,
    /** Stopped cleanly by {@link TestCluster#stop(Node)}. */
    STOPPED,
    /** Killed with SIGKILL by {@link TestCluster#kill(Node)}. */
    KILLED,
    /** Frozen with SIGSTOP by {@link TestCluster#hang(Node)}: sockets stay open, nothing answers. */
    HUNG,
    /** Removed from the cluster. */
    REMOVED
}
