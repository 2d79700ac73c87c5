package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.AuroraMetadata;

import java.sql.Connection;
import java.util.List;

/** STUB, being written. */
public final class AuroraPostgresMetadata implements AuroraMetadata {
    @Override
    public List<String> nodeConfig(String nodeId) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void install(Connection writerAdmin) {
        throw new UnsupportedOperationException("stub");
    }

    @Override
    public void publish(Connection writerAdmin, List<InstanceStatus> instances) {
        throw new UnsupportedOperationException("stub");
    }
}
