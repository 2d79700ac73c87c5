package dev.aurorajdbc.driver.topology;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures what one logger (a class's, or a package's) logs, down to FINE, while open; restores its level on close. */
public final class CapturedLog extends Handler implements AutoCloseable {
    private final Logger logger;
    private final Level level;
    private final List<LogRecord> records = new ArrayList<>();

    CapturedLog(Class<?> source) {
        this(source.getName());
    }

    /** Captures the logger {@code name} and, through it, the loggers below it. */
    public CapturedLog(String name) {
        this.logger = Logger.getLogger(name);
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

    /** Every record so far. */
    public synchronized List<LogRecord> records() {
        return new ArrayList<>(records);
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
