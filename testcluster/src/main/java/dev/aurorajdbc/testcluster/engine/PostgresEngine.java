package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.AuroraMetadata;

/** STUB, being written. */
abstract class PostgresEngine implements dev.aurorajdbc.testcluster.spi.EngineOps {
    PostgresEngine(AuroraMetadata metadata) {
    }
}
