package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.spi.Binaries;

/** STUB, being written. */
final class MariaDbBinaries {
    private MariaDbBinaries() {
    }

    static Binaries locate() {
        throw new UnsupportedOperationException("stub");
    }
}
