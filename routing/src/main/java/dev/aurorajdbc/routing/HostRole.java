package dev.aurorajdbc.routing;

/** The role of a cluster member in a {@link Topology}. */
public enum HostRole {
    /** The member that accepts writes; a topology has at most one. */
    WRITER,
    /** A read-only replica of the writer. */
    READER
}
