package dev.aurorajdbc.benchmarks.chaos;

import dev.aurorajdbc.testcluster.Engine;
import dev.aurorajdbc.testcluster.MySqlServer;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The chaos harness's settings, parsed once from the command line and validated.
 *
 * @param server            the cluster's server ({@code --engine postgresql|mariadb|mysql8}; default PostgreSQL)
 * @param failovers         writer failovers to go through before the load stops ({@code --failovers}; default 100)
 * @param seed              the random seed of the fault schedule ({@code --seed}; default: a random one, printed)
 * @param replicas          replicas at the start ({@code --replicas}, 1–8; default 3)
 * @param pool              the HikariCP pool's size ({@code --pool}; default 20)
 * @param writers           autocommit insert threads ({@code --writers}; default 4)
 * @param transfers         threads moving value between accounts in transactions ({@code --transfers}; default 4)
 * @param readers           read-your-writes threads toggling setReadOnly ({@code --readers}; default 4)
 * @param churners          threads opening and closing connections outside the pool ({@code --churners}; default 1)
 * @param failoverTimeoutMs the driver's failoverTimeoutMs ({@code --failover-timeout-ms}; default 30000)
 * @param connectTimeoutMs  the driver's connectTimeoutMs ({@code --connect-timeout-ms}; default 5000)
 * @param maxMinutes        a bound on the run's fault phase ({@code --max-minutes}; default 120)
 * @param output            the JSON result ({@code --output}; default {@code benchmarks/results/chaos-<engine>.json});
 *                          a Markdown table is written beside it
 */
public record ChaosOptions(Server server, int failovers, long seed, int replicas, int pool, int writers, int transfers,
        int readers, int churners, long failoverTimeoutMs, long connectTimeoutMs, long maxMinutes, Path output) {

    /** The usage line of the {@code chaos} command's options. */
    public static final String USAGE = "[--engine postgresql|mariadb|mysql8] [--failovers N] [--seed N] [--replicas N]"
            + " [--pool N] [--writers N] [--transfers N] [--readers N] [--churners N] [--failover-timeout-ms MS]"
            + " [--connect-timeout-ms MS] [--max-minutes N] [--output FILE.json]";

    /** The three servers a cluster can run. */
    public enum Server {
        POSTGRESQL("postgresql", Engine.POSTGRESQL, null),
        MARIADB("mariadb", Engine.MYSQL, MySqlServer.MARIADB),
        MYSQL8("mysql8", Engine.MYSQL, MySqlServer.MYSQL);

        private final String option;
        private final Engine engine;
        private final MySqlServer mysqlServer;

        Server(String option, Engine engine, MySqlServer mysqlServer) {
            this.option = option;
            this.engine = engine;
            this.mysqlServer = mysqlServer;
        }

        public String option() {
            return option;
        }

        public Engine engine() {
            return engine;
        }

        /** The MySQL-family server, null for PostgreSQL. */
        public MySqlServer mysqlServer() {
            return mysqlServer;
        }

        /** postgresql/postgres/pg, mariadb, mysql8/mysql (any case). */
        public static Server parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "postgresql", "postgres", "pg" -> POSTGRESQL;
                case "mariadb" -> MARIADB;
                case "mysql8", "mysql" -> MYSQL8;
                default -> throw new IllegalArgumentException("--engine takes postgresql, mariadb or mysql8, got '" + text + "'");
            };
        }
    }

    /** Validates the settings. */
    public ChaosOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(output, "output");
        positive("--failovers", failovers);
        if (replicas < 1 || replicas > 8) {
            throw new IllegalArgumentException("--replicas must be between 1 and 8, got " + replicas);
        }
        positive("--pool", pool);
        if (writers < 1 || transfers < 1 || readers < 1 || churners < 0) {
            throw new IllegalArgumentException("--writers, --transfers and --readers need at least 1 thread each,"
                    + " --churners 0 or more");
        }
        if (writers + transfers + readers + 1 > pool) {
            throw new IllegalArgumentException("the pool of " + pool + " must be larger than the threads that borrow"
                    + " from it (" + (writers + transfers + readers + 1) + ", the checker included)");
        }
        positive("--failover-timeout-ms", failoverTimeoutMs);
        positive("--connect-timeout-ms", connectTimeoutMs);
        positive("--max-minutes", maxMinutes);
    }

    private static void positive(String option, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, got " + value);
        }
    }

    /** Parses the {@code chaos} command's arguments (the command name excluded). */
    public static ChaosOptions parse(List<String> args) {
        Server server = Server.POSTGRESQL;
        int failovers = 100;
        Long seed = null;
        int replicas = 3;
        int pool = 20;
        int writers = 4;
        int transfers = 4;
        int readers = 4;
        int churners = 1;
        long failoverTimeout = 30_000;
        long connectTimeout = 5_000;
        long maxMinutes = 120;
        Path output = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--engine" -> server = Server.parse(value(args, ++i, a));
                case "--failovers" -> failovers = (int) number(args, ++i, a);
                case "--seed" -> seed = number(args, ++i, a);
                case "--replicas" -> replicas = (int) number(args, ++i, a);
                case "--pool" -> pool = (int) number(args, ++i, a);
                case "--writers" -> writers = (int) number(args, ++i, a);
                case "--transfers" -> transfers = (int) number(args, ++i, a);
                case "--readers" -> readers = (int) number(args, ++i, a);
                case "--churners" -> churners = (int) number(args, ++i, a);
                case "--failover-timeout-ms" -> failoverTimeout = number(args, ++i, a);
                case "--connect-timeout-ms" -> connectTimeout = number(args, ++i, a);
                case "--max-minutes" -> maxMinutes = number(args, ++i, a);
                case "--output" -> output = Path.of(value(args, ++i, a));
                default -> throw new IllegalArgumentException("unknown option '" + a + "'");
            }
        }
        if (seed == null) {
            seed = new java.security.SecureRandom().nextLong() & Long.MAX_VALUE;
        }
        if (output == null) {
            output = Path.of("benchmarks", "results", "chaos-" + server.option() + ".json");
        }
        return new ChaosOptions(server, failovers, seed, replicas, pool, writers, transfers, readers, churners,
                failoverTimeout, connectTimeout, maxMinutes, output);
    }

    private static String value(List<String> args, int i, String option) {
        if (i >= args.size()) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args.get(i);
    }

    private static long number(List<String> args, int i, String option) {
        String v = value(args, i, option);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'");
        }
    }
}
