package dev.aurorajdbc.testcluster.engine;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.TestClusterException;
import dev.aurorajdbc.testcluster.local.LocalBackend;
import dev.aurorajdbc.testcluster.spi.Binaries;
import dev.aurorajdbc.testcluster.spi.NodeRuntime;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Standalone PostgreSQL and MariaDB servers for the Aurora metadata tests, started with the system's binaries
 * through {@link LocalBackend} (the engines that set up real replication are tested elsewhere). Addresses are in
 * this test's block, 127.0.44.x.
 */
final class AuroraTestServers {
    static final Path POSTGRES_BIN = Path.of("/usr/lib/postgresql/15/bin");
    static final Path MARIADBD = Path.of("/usr/sbin/mariadbd");
    static final Path MARIADB_INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");

    static final String ADMIN_USER = "aurora_admin";
    static final String ADMIN_PASSWORD = "admin-secret-44";
    static final String APP_USER = "app";
    static final String APP_PASSWORD = "app-secret-44";

    private static final Duration TOOL_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private AuroraTestServers() {
    }

    /** A running standalone server. */
    record Server(NodeRuntime node, String host, int port) {
        String id() {
            return node.id();
        }
    }

    // ---------------------------------------------------------------- binaries

    /** Binaries found at fixed paths of this machine (the test's stand-in for the engines' locators). */
    record SystemBinaries(String origin, Map<String, Path> tools, String serverUserWhenRoot) implements Binaries {
        @Override
        public String version() {
            return origin;
        }

        @Override
        public Path tool(String name) {
            return tools.get(name);
        }

        @Override
        public Map<String, String> environment() {
            return Map.of();
        }
    }

    static SystemBinaries postgresBinaries() {
        requireOrAbort(List.of(POSTGRES_BIN.resolve("postgres"), POSTGRES_BIN.resolve("initdb")),
                "PostgreSQL 15 server binaries", "apt-get install -y postgresql-15");
        return new SystemBinaries("system " + POSTGRES_BIN,
                Map.of("postgres", POSTGRES_BIN.resolve("postgres"), "initdb", POSTGRES_BIN.resolve("initdb")), "postgres");
    }

    static SystemBinaries mariadbBinaries() {
        requireOrAbort(List.of(MARIADBD, MARIADB_INSTALL_DB), "MariaDB server binaries", "apt-get install -y mariadb-server");
        return new SystemBinaries("system " + MARIADBD,
                Map.of("mariadbd", MARIADBD, "mariadb-install-db", MARIADB_INSTALL_DB), "mysql");
    }

    /** Fails in CI (environment CI=true), aborts the test elsewhere, when a file is missing. */
    private static void requireOrAbort(List<Path> files, String what, String howToGet) {
        List<Path> missing = new ArrayList<>();
        for (Path f : files) {
            if (!Files.isExecutable(f)) {
                missing.add(f);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        throw dev.aurorajdbc.testcluster.junit.TestClusterExtension.unavailable(what + " not found",
                new IllegalStateException("missing " + missing + "; install them with: " + howToGet));
    }

    // ---------------------------------------------------------------- ports

    /** A TCP port that is free on every one of {@code hosts} (all nodes of a cluster share one port). */
    static int freePort(List<String> hosts) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(hosts.get(0)))) {
                port = probe.getLocalPort();
            } catch (IOException e) {
                throw new TestClusterException("cannot bind a port on " + hosts.get(0) + ": " + e, e);
            }
            if (hosts.stream().allMatch(h -> isFree(h, port))) {
                return port;
            }
        }
        throw new TestClusterException("found no port free on all of " + hosts + " in 50 attempts");
    }

    private static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(host), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- PostgreSQL

    /**
     * Initialises and starts a PostgreSQL server for node {@code id} on {@code host:port}, with {@code nodeConfig}
     * appended to its postgresql.conf, an admin superuser and a plain application user.
     */
    static Server startPostgres(LocalBackend backend, String id, String host, int port, List<String> nodeConfig) {
        NodeRuntime node = backend.create(Engine.POSTGRESQL, id, host, port);
        String pwfile = node.runDir() + "/initdb.pw";
        node.writeFile(pwfile, ADMIN_PASSWORD + "\n");
        node.exec(TOOL_TIMEOUT, "initdb", List.of("-D", node.dataDir(), "-U", ADMIN_USER, "--pwfile=" + pwfile,
                "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"));
        StringBuilder conf = new StringBuilder(node.readFile("postgresql.conf"));
        conf.append("\n# aurora metadata test\n")
                .append("listen_addresses = '").append(host).append("'\n")
                .append("port = ").append(port).append('\n')
                .append("unix_socket_directories = '").append(node.runDir()).append("'\n")
                .append("max_connections = 40\nshared_buffers = 16MB\nfsync = off\n");
        nodeConfig.forEach(line -> conf.append(line).append('\n'));
        node.writeFile("postgresql.conf", conf.toString());
        node.writeFile("pg_hba.conf", "local all all trust\nhost all all 127.0.0.0/8 scram-sha-256\n");
        node.startServer("postgres", List.of("-D", node.dataDir()));
        Server server = new Server(node, host, port);
        awaitConnectable(server, () -> postgres(server, ADMIN_USER, ADMIN_PASSWORD));
        try (Connection admin = postgresAdmin(server); Statement st = admin.createStatement()) {
            st.execute("CREATE ROLE " + APP_USER + " LOGIN PASSWORD '" + APP_PASSWORD + "'");
        } catch (SQLException e) {
            throw new TestClusterException("node " + id + ": cannot create the application user: " + e, e);
        }
        return server;
    }

    static String postgresUrl(Server server) {
        return "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres";
    }

    static Connection postgres(Server server, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", "5");
        p.setProperty("socketTimeout", "60");
        return DriverManager.getConnection(postgresUrl(server), p);
    }

    static Connection postgresAdmin(Server server) throws SQLException {
        return postgres(server, ADMIN_USER, ADMIN_PASSWORD);
    }

    static Connection postgresApp(Server server) throws SQLException {
        return postgres(server, APP_USER, APP_PASSWORD);
    }

    // ---------------------------------------------------------------- MariaDB

    /**
     * Initialises and starts a MariaDB server for node {@code id} on {@code host:port}, with {@code report_host = id}
     * (as the engine sets it) and {@code nodeConfig} in its option file, an admin user and an application user
     * without any privilege.
     */
    static Server startMariaDb(LocalBackend backend, String id, String host, int port, List<String> nodeConfig) {
        NodeRuntime node = backend.create(Engine.MYSQL, id, host, port);
        node.exec(TOOL_TIMEOUT, "mariadb-install-db", List.of("--no-defaults", "--datadir=" + node.dataDir(),
                "--auth-root-authentication-method=normal", "--skip-test-db"));
        String initFile = node.runDir() + "/init.sql";
        node.writeFile(initFile, String.join("\n",
                "CREATE USER IF NOT EXISTS '" + ADMIN_USER + "'@'%' IDENTIFIED BY '" + ADMIN_PASSWORD + "';",
                "GRANT ALL ON *.* TO '" + ADMIN_USER + "'@'%' WITH GRANT OPTION;",
                "CREATE USER IF NOT EXISTS '" + APP_USER + "'@'%' IDENTIFIED BY '" + APP_PASSWORD + "';", ""));
        StringBuilder cnf = new StringBuilder("[mysqld]\n")
                .append("datadir = ").append(node.dataDir()).append('\n')
                .append("socket = ").append(node.runDir()).append("/mysqld.sock\n")
                .append("pid-file = ").append(node.runDir()).append("/mysqld.pid\n")
                .append("bind-address = ").append(host).append('\n')
                .append("port = ").append(port).append('\n')
                .append("server-id = ").append(id).append('\n')
                .append("report_host = ").append(id).append('\n')
                .append("log-bin = binlog\nskip-name-resolve\nskip-ssl\n")
                .append("innodb_buffer_pool_size = 32M\nmax_connections = 40\n")
                .append("init-file = ").append(initFile).append('\n');
        nodeConfig.forEach(line -> cnf.append(line).append('\n'));
        String cnfFile = node.runDir() + "/my.cnf";
        node.writeFile(cnfFile, cnf.toString());
        node.startServer("mariadbd", List.of("--defaults-file=" + cnfFile));
        Server server = new Server(node, host, port);
        awaitConnectable(server, () -> mariadb(server, ADMIN_USER, ADMIN_PASSWORD));
        return server;
    }

    static Connection mariadb(Server server, String user, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("sslMode", "DISABLED");
        p.setProperty("connectTimeout", "5000");
        p.setProperty("socketTimeout", "60000");
        return DriverManager.getConnection("jdbc:mysql://" + server.host() + ":" + server.port() + "/", p);
    }

    static Connection mariadbAdmin(Server server) throws SQLException {
        return mariadb(server, ADMIN_USER, ADMIN_PASSWORD);
    }

    static Connection mariadbApp(Server server) throws SQLException {
        return mariadb(server, APP_USER, APP_PASSWORD);
    }

    // ---------------------------------------------------------------- waiting

    /** Something that may fail while a condition does not hold yet. */
    @FunctionalInterface
    interface Attempt<T> {
        T get() throws Exception;
    }

    /**
     * Polls {@code attempt} every 100 ms until it returns a non-null value, or fails at the deadline with
     * {@code what} and the last exception.
     */
    static <T> T poll(Duration timeout, String what, Attempt<T> attempt) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (true) {
            try {
                T value = attempt.get();
                if (value != null) {
                    return value;
                }
            } catch (Exception e) {
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(what + " did not happen within " + timeout.toMillis() + " ms"
                        + (last == null ? "" : "; last error: " + last), last);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting until " + what, e);
            }
        }
    }

    private static void awaitConnectable(Server server, Attempt<Connection> connect) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() - deadline < 0) {
            if (!server.node().serverAlive()) {
                throw new TestClusterException("node " + server.id() + ": the server exited during start-up; log:\n"
                        + server.node().logTail(30));
            }
            try (Connection c = connect.get()) {
                return;
            } catch (SQLException e) {
                last = e;
            } catch (Exception e) {
                throw new TestClusterException("node " + server.id() + ": " + e, e);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TestClusterException("interrupted while node " + server.id() + " was starting", e);
            }
        }
        throw new TestClusterException("node " + server.id() + " did not accept connections on " + server.host() + ":"
                + server.port() + " within " + START_TIMEOUT.toSeconds() + " s (last error: " + last + "); log:\n"
                + server.node().logTail(30));
    }
}
