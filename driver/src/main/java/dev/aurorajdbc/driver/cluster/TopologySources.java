package dev.aurorajdbc.driver.cluster;

import dev.aurorajdbc.driver.AuroraConfig;
import dev.aurorajdbc.driver.AuroraProperty;
import dev.aurorajdbc.driver.SqlStates;
import dev.aurorajdbc.driver.topology.AuroraMySqlTopology;
import dev.aurorajdbc.driver.topology.AuroraPostgresTopology;
import dev.aurorajdbc.driver.topology.MySqlReplicationTopology;
import dev.aurorajdbc.driver.topology.PostgresStreamingTopology;
import dev.aurorajdbc.driver.topology.TopologySource;
import dev.aurorajdbc.routing.HostAddress;
import dev.aurorajdbc.routing.InstanceHostPattern;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** Chooses a cluster's {@link TopologySource} from the configuration, detecting it on the first node when asked to. */
final class TopologySources {
    private TopologySources() {
    }

    /**
     * @param firstNode an open native connection to one node of the cluster (for detection)
     * @throws SQLException SQLState 22023 when an Aurora source has no instance host pattern and none can be derived
     */
    static TopologySource create(AuroraConfig config, String clusterName, Connection firstNode) throws SQLException {
        Dialect dialect = Dialect.of(config.engine());
        AuroraProperty.TopologySource chosen = config.topologySource();
        if (chosen == AuroraProperty.TopologySource.AUTO) {
            chosen = dialect.detect(config, firstNode);
        }
        HostAddress first = config.hosts().get(0);
        int port = first.port();
        InstanceHostPattern pattern = pattern(config).orElse(null);
        switch (chosen) {
            case AURORA_POSTGRESQL:
                return new AuroraPostgresTopology(clusterName, requirePattern(pattern, first), port);
            case AURORA_MYSQL:
                return AuroraMySqlTopology.withSchema(clusterName, requirePattern(pattern, first), port, config.auroraMetadataSchema());
            case POSTGRESQL_STREAMING:
                return new PostgresStreamingTopology(clusterName, config.hosts(), pattern, port);
            case MYSQL_REPLICATION:
                return new MySqlReplicationTopology(clusterName, config.hosts(), pattern, port);
            default:
                return dialect.staticTopology();
        }
    }

    private static Optional<InstanceHostPattern> pattern(AuroraConfig config) {
        Optional<String> configured = config.clusterInstanceHostPattern();
        if (configured.isPresent()) {
            return Optional.of(InstanceHostPattern.parse(configured.get()));
        }
        return InstanceHostPattern.forRdsEndpoint(config.hosts().get(0).host());
    }

    private static InstanceHostPattern requirePattern(InstanceHostPattern pattern, HostAddress first) throws SQLException {
        if (pattern == null) {
            throw new SQLException("cannot tell the address of Aurora instances from '" + first.host() + "' (not an RDS"
                    + " endpoint): set " + AuroraProperty.CLUSTER_INSTANCE_HOST_PATTERN.propertyName()
                    + ", e.g. ?.my-domain.example or 10.0.0.?", SqlStates.INVALID_PARAMETER_VALUE);
        }
        return pattern;
    }
}
