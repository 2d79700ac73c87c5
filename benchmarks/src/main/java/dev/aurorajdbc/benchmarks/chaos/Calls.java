package dev.aurorajdbc.benchmarks.chaos;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every JDBC call of the chaos load goes through here: its duration (the longest per operation and overall) and, when
 * it fails, its SQLState — each classified as one of the driver's documented failover outcomes, the application's
 * own (a duplicate key after a redo), or anything else, kept with a sample message for the report.
 */
final class Calls {
    /** The driver's documented outcomes (README, "Failover"). */
    static final java.util.Set<String> DOCUMENTED = java.util.Set.of("08S02", "08007", "08001");

    /** One JDBC call. */
    @FunctionalInterface
    interface Call<T> {
        T run() throws SQLException;
    }

    private final Map<String, AtomicLong> longestNanos = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Map<String, String> samples = new ConcurrentHashMap<>();
    private volatile String longestOp = "";
    private volatile long longest;
    private volatile long longestAtMillis;

    /** Runs and times {@code call} as operation {@code op}; a failure is counted by its SQLState and rethrown. */
    <T> T call(String op, Call<T> call) throws SQLException {
        return call(op, call, true);
    }

    private <T> T call(String op, Call<T> call, boolean count) throws SQLException {
        long t0 = System.nanoTime();
        try {
            return call.run();
        } catch (SQLException e) {
            if (count) {
                error(op, e);
            }
            throw e;
        } finally {
            long d = System.nanoTime() - t0;
            counts.computeIfAbsent(op, k -> new LongAdder()).increment();
            longestNanos.computeIfAbsent(op, k -> new AtomicLong()).accumulateAndGet(d, Math::max);
            if (d > longest) {
                synchronized (this) {
                    if (d > longest) {
                        longest = d;
                        longestOp = op;
                        longestAtMillis = System.currentTimeMillis();
                    }
                }
            }
        }
    }

    /**
     * Runs and times a clean-up call after a failure (a rollback, autocommit back on): its own failure is not counted,
     * as a pool's evicted connection refuses every call ({@code 08003} from HikariCP) by design.
     */
    void quiet(String op, Call<?> call) {
        try {
            call(op, call, false);
        } catch (SQLException ignored) {
            // not counted
        }
    }

    /** Runs and times a call that returns nothing. */
    void run(String op, Call<?> call) throws SQLException {
        call(op, call);
    }

    /** The error's key: its SQLState (MySQL's error code too when there is one), e.g. {@code 23000/1062}. */
    static String key(SQLException e) {
        String state = e.getSQLState() == null ? "(none)" : e.getSQLState();
        return e.getErrorCode() != 0 && !state.startsWith("08") ? state + "/" + e.getErrorCode() : state;
    }

    /** Whether {@code e} is a duplicate key (PostgreSQL 23505, MySQL 1062). */
    static boolean duplicate(SQLException e) {
        return "23505".equals(e.getSQLState()) || e.getErrorCode() == 1062;
    }

    /** The class of an error: documented (failover outcome), application (duplicate key), or undocumented. */
    static String kind(String key) {
        if (DOCUMENTED.contains(key)) {
            return "documented";
        }
        if (key.startsWith("23505") || key.endsWith("/1062")) {
            return "application";
        }
        return "undocumented";
    }

    private void error(String op, SQLException e) {
        String key = key(e);
        errors.computeIfAbsent(key, k -> new LongAdder()).increment();
        samples.computeIfAbsent(key, k -> op + ": " + e.getClass().getSimpleName() + ": " + firstLine(e.getMessage())
                + (e.getCause() == null ? "" : " (cause " + e.getCause().getClass().getSimpleName() + ": "
                + firstLine(e.getCause().getMessage()) + ")"));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 240 ? line.substring(0, 240) + "…" : line;
    }

    long longestMillis() {
        return longest / 1_000_000;
    }

    String longestOp() {
        return longestOp;
    }

    long longestAtMillis() {
        return longestAtMillis;
    }

    /** Per operation: calls and the longest, ms. */
    Map<String, Object> operations() {
        Map<String, Object> m = new TreeMap<>();
        counts.forEach((op, n) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("calls", n.sum());
            o.put("longestMs", longestNanos.get(op).get() / 1_000_000);
            m.put(op, o);
        });
        return m;
    }

    /** Per SQLState: count, kind and a sample. */
    Map<String, Object> errors() {
        Map<String, Object> m = new TreeMap<>();
        errors.forEach((k, n) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("count", n.sum());
            o.put("kind", kind(k));
            o.put("sample", samples.get(k));
            m.put(k, o);
        });
        return m;
    }

    /** Errors that are neither documented nor the application's own. */
    long undocumented() {
        return errors.entrySet().stream().filter(e -> kind(e.getKey()).equals("undocumented"))
                .mapToLong(e -> e.getValue().sum()).sum();
    }
}
