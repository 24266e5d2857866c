package echo.testkit;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what a chapter logs, so a test can assert the one clear line a user mistake must produce (a refused
 * connection, an oversize frame) without reading the console. Attach in {@code @BeforeEach}, close in
 * {@code @AfterEach}.
 */
public final class LogCapture extends Handler implements AutoCloseable {
    // Held in a field: java.util.logging keeps loggers only weakly, and a collected one would lose this handler.
    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    /** A capture of the logger named {@code name} (a chapter logs under its id), not yet attached. */
    public LogCapture(String name) {
        this.logger = Logger.getLogger(name);
    }

    public LogCapture attach() {
        logger.addHandler(this);
        return this;
    }

    /** Everything logged since {@link #attach()}, in order; safe to read while the server is still logging. */
    public List<LogRecord> records() {
        return records;
    }

    /**
     * The records at WARNING or above, each as its message and, if it has one, its exception
     * ({@code closing ... after an error: java.nio.channels.CancelledKeyException}): what a test expects to be
     * empty when nothing went wrong, and what its failure then shows.
     */
    public List<String> warnings() {
        return records.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(r -> r.getMessage() + (r.getThrown() == null ? "" : ": " + r.getThrown()))
                .toList();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
