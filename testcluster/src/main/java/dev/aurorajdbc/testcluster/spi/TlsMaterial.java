package dev.aurorajdbc.testcluster.spi;

/**
 * The TLS material of a cluster whose servers speak TLS: its own certificate authority and one certificate per node,
 * whose subjectAltName entries are the addresses clients connect to (the node's public address, where its fault proxy
 * listens). All PEM text; the engines write it into each node's run directory, readable by the server's user only.
 */
public interface TlsMaterial {

    /** The certificate authority's certificate (PEM). */
    String caCertificatePem();

    /** The node's certificate (PEM), issued by the cluster's authority; it must have been issued (see the cluster). */
    String certificatePem(String nodeId);

    /** The node certificate's private key (PEM, PKCS#8, unencrypted). */
    String privateKeyPem(String nodeId);
}
