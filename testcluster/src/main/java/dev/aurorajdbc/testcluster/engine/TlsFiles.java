package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.ClusterConfig;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

/**
 * Where a node's TLS files are, in its run directory (never copied by a clone, kept by a re-clone), and their
 * writing: owned by the server's user, mode 0600, as PostgreSQL demands of its key.
 */
final class TlsFiles {
    static final String CA = "tls-ca.pem";
    static final String CERTIFICATE = "tls-server.pem";
    static final String KEY = "tls-server-key.pem";

    private TlsFiles() {
    }

    static String path(NodeRuntime node, String file) {
        return node.runDir() + "/" + file;
    }

    /** Writes the node's certificate, key and the CA when the cluster has TLS; nothing otherwise. */
    static void write(NodeRuntime node, ClusterConfig config) {
        if (config.tls() == null) {
            return;
        }
        node.writeFile(path(node, CA), config.tls().caCertificatePem());
        node.writeFile(path(node, CERTIFICATE), config.tls().certificatePem(node.id()));
        node.writeFile(path(node, KEY), config.tls().privateKeyPem(node.id()));
    }
}
