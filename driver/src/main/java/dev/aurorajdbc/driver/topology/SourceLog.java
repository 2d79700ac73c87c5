package dev.aurorajdbc.driver.topology;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The logging of one topology source: every line prefixed with the cluster name, and warnings about what a server
 * reports (an id outside the pattern, a missing privilege) given once per distinct matter, then at FINE, so that a
 * refresh every few hundred milliseconds does not repeat them.
 */
final class SourceLog {
    /** Matters remembered per source; past this, new matters are logged at FINE only. */
    static final int MAX_WARNED = 256;

    private final Logger logger;
    private final String prefix;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    SourceLog(Class<?> source, String clusterName) {
        this.logger = Logger.getLogger(source.getName());
        this.prefix = "[" + clusterName + "] ";
    }

    boolean isFine() {
        return logger.isLoggable(Level.FINE);
    }

    /** Logs at FINE; callers check {@link #isFine()} before building an expensive message. */
    void fine(String message) {
        if (logger.isLoggable(Level.FINE)) {
            logger.fine(prefix + message);
        }
    }

    /**
     * Text a server reported, fit for a log line: {@code null} as is, control characters escaped, cut at 100
     * characters (a server must not be able to forge log lines or flood them).
     */
    static String quote(String reported) {
        if (reported == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(reported.length() + 2).append('\'');
        int n = Math.min(reported.length(), 100);
        for (int i = 0; i < n; i++) {
            char c = reported.charAt(i);
            if (Character.isISOControl(c)) {
                b.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append(reported.length() > n ? "...'" : "'").toString();
    }

    /** Logs at WARNING the first time {@code matter} comes up, at FINE afterwards. */
    void warnOnce(String matter, String message) {
        if (warned.size() < MAX_WARNED && warned.add(matter)) {
            logger.warning(prefix + message);
        } else {
            fine(message);
        }
    }
}
