package dev.aurorajdbc.driver;

import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Catches a misspelling of one of the driver's property names before it is passed to the native driver, which would
 * ignore it in silence ({@code readWriteSpliting=true} left read/write splitting off). A name the driver does not own
 * fails when it is close to one of the driver's names (a difference of case, or at most two letters added, dropped,
 * changed or swapped) and the native driver does not know it either; every other unknown name passes to the native
 * driver unchanged, as before. Runs on connect only, and asks the native driver for its names only for a name that is
 * close to one of ours.
 */
final class MisspelledProperties {
    /** The native drivers' property names, by engine, read once from {@link Driver#getPropertyInfo}. */
    private static final Map<Engine, Set<String>> NATIVE_NAMES = new ConcurrentHashMap<>();
    private static final int MAX_DISTANCE = 2;

    private MisspelledProperties() {
    }

    /**
     * @param name a property name the driver does not own
     * @throws SQLException SQLState {@code 22023} with "did you mean" when {@code name} looks like a misspelling of one
     *         of the driver's property names
     */
    static void check(String name, Engine engine) throws SQLException {
        AuroraProperty sameButCase = AuroraProperty.forNameIgnoringCase(name);
        if (sameButCase != null) {
            throw new SQLException("Unknown property '" + name + "': property names are case-sensitive; did you"
                    + " mean '" + sameButCase.propertyName() + "'?", SqlStates.INVALID_PARAMETER_VALUE);
        }
        AuroraProperty near = nearest(name);
        if (near != null && !nativeNames(engine).contains(name)) {
            throw new SQLException("Unknown property '" + name + "': neither the driver nor " + engine.nativeDriverClass()
                    + " has it; did you mean '" + near.propertyName() + "'?", SqlStates.INVALID_PARAMETER_VALUE);
        }
    }

    /** The driver's property whose name is within {@link #MAX_DISTANCE} edits of {@code name}, or null. */
    static AuroraProperty nearest(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        AuroraProperty best = null;
        int bestDistance = MAX_DISTANCE + 1;
        for (AuroraProperty p : AuroraProperty.values()) {
            String ours = p.propertyName().toLowerCase(Locale.ROOT);
            if (Math.abs(ours.length() - lower.length()) > MAX_DISTANCE) {
                continue;
            }
            int d = distance(lower, ours);
            // Short names are too easily near one another (two edits turn "ssl" into "url"): one edit at most there.
            int allowed = ours.length() < 8 ? 1 : MAX_DISTANCE;
            if (d <= allowed && d < bestDistance) {
                best = p;
                bestDistance = d;
            }
        }
        return best;
    }

    /**
     * Edits (insertion, deletion, substitution, transposition of neighbours) between {@code a} and {@code b}: the
     * optimal string alignment distance.
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    best = Math.min(best, d[i - 2][j - 2] + 1);
                }
                d[i][j] = best;
            }
        }
        return d[a.length()][b.length()];
    }

    /** The names the native driver of {@code engine} lists; empty when it is not on the class path (connect says so). */
    private static Set<String> nativeNames(Engine engine) {
        Set<String> names = NATIVE_NAMES.get(engine);
        if (names == null) {
            names = readNativeNames(engine);
            NATIVE_NAMES.putIfAbsent(engine, names);
        }
        return names;
    }

    private static Set<String> readNativeNames(Engine engine) {
        Set<String> names = new HashSet<>();
        try {
            Class<?> type = Class.forName(engine.nativeDriverClass(), true, MisspelledProperties.class.getClassLoader());
            Driver driver = (Driver) type.getDeclaredConstructor().newInstance();
            for (DriverPropertyInfo info : driver.getPropertyInfo("jdbc:" + engine.scheme() + "://localhost/db", new Properties())) {
                names.add(info.name);
            }
        } catch (ReflectiveOperationException | LinkageError | ClassCastException | SQLException e) {
            // No native driver to ask: the connect fails naming the artifact to add, whatever this decides.
            return Set.of();
        }
        return Set.copyOf(names);
    }
}
