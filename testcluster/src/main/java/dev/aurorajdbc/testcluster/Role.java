package dev.aurorajdbc.testcluster;

/** A node's role in the cluster. */
public enum Role {
    WRITER, REPLICA
}
