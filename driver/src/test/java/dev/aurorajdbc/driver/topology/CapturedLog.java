package dev.aurorajdbc.driver.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what one class logs, down to FINE, while open; restores the logger's level on close. */
final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final List<LogRecord> records = new ArrayList<>();

    CapturedLog(Class<?> source) {
        this.logger = Logger.getLogger(source.getName());
        this.level = logger.getLevel();
        logger.setLevel(Level.FINE);
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    /** The messages logged at {@code level}. */
    synchronized List<String> at(Level level) {
        List<String> messages = new ArrayList<>();
        for (LogRecord r : records) {
            if (r.getLevel().equals(level)) {
                messages.add(r.getMessage());
            }
        }
        return messages;
    }

    @Override
    public synchronized void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
        logger.setLevel(level);
    }
}
