package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.AuroraMetadata;

/** STUB, being written. */
abstract class MariaDbEngine implements dev.aurorajdbc.testcluster.spi.EngineOps {
    MariaDbEngine(AuroraMetadata metadata) {
    }
}
