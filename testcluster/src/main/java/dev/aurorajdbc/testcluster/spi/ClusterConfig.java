package dev.aurorajdbc.testcluster.spi;

import dev.aurorajdbc.testcluster.Engine;

/**
 * The immutable settings of one cluster, shared by the control plane and the engines.
 *
 * @param engine        the engine
 * @param clusterId     a short unique name of the cluster (used in paths and logs)
 * @param database      the application database
 * @param user          the application user: may read and write the application database, holds no privilege that
 *                      would let it write on a read-only replica
 * @param password      the application user's password
 * @param adminUser     the control plane's superuser
 * @param adminPassword the superuser's password
 * @param sync          synchronous (PostgreSQL) / semi-synchronous (MariaDB) replication
 * @param tls           the cluster's TLS material when its servers speak TLS (and require it of the application
 *                      user), else {@code null}
 */
public record ClusterConfig(
        Engine engine,
        String clusterId,
        String database,
        String user,
        String password,
        String adminUser,
        String adminPassword,
        boolean sync,
        TlsMaterial tls) {

    /** A cluster without TLS. */
    public ClusterConfig(Engine engine, String clusterId, String database, String user, String password, String adminUser,
            String adminPassword, boolean sync) {
        this(engine, clusterId, database, user, password, adminUser, adminPassword, sync, null);
    }

    @Override
    public String toString() {
        return "ClusterConfig[" + engine + " " + clusterId + ", database=" + database + ", user=" + user + ", sync=" + sync + (tls != null ? ", tls" : "") + "]";
    }
}
