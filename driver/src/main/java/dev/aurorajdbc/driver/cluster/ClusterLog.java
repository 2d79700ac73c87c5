package dev.aurorajdbc.driver.cluster;

import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The log of one cluster's parts: every record names the cluster ({@code [name] …}), so that the lines of several
 * clusters in one application can be told apart and a grep for one finds all of its. Messages are suppliers, built
 * only when the level is on; nothing here is on the statement path.
 */
final class ClusterLog {
    private final Logger logger;
    private final String prefix;

    /**
     * @param owner       the class whose logger the records go to (as its own {@code Logger.getLogger} would)
     * @param clusterName the cluster's name, as in thread names and messages
     */
    ClusterLog(Class<?> owner, String clusterName) {
        this.logger = Logger.getLogger(owner.getName());
        this.prefix = "[" + clusterName + "] ";
    }

    /** {@code "[name] "}: what every record starts with. */
    String prefix() {
        return prefix;
    }

    boolean isLoggable(Level level) {
        return logger.isLoggable(level);
    }

    void fine(Supplier<String> message) {
        log(Level.FINE, null, message);
    }

    void info(Supplier<String> message) {
        log(Level.INFO, null, message);
    }

    void warning(Supplier<String> message) {
        log(Level.WARNING, null, message);
    }

    void log(Level level, Throwable thrown, Supplier<String> message) {
        if (logger.isLoggable(level)) {
            logger.log(level, prefix + message.get(), thrown);
        }
    }
}
