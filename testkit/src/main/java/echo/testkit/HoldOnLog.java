package echo.testkit;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Holds the first server thread that logs a line containing a given text inside that log call, until released:
 * a thread can be stopped at a precise point of its work (say, just after it gave a connection up) without a hook
 * in the server. While armed, the chapter's logger is at FINE, so DEBUG lines count too. Close it in
 * {@code @AfterEach} before the server: close() joins the thread it may be holding.
 */
public final class HoldOnLog extends Handler implements AutoCloseable {
    private final Logger logger; // held: java.util.logging keeps loggers only weakly
    private final Level levelBefore;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile String text;
    private volatile Thread holding;

    public HoldOnLog(String chapterId) {
        logger = Logger.getLogger(chapterId);
        levelBefore = logger.getLevel();
    }

    /** From now on, the first thread that logs a line containing {@code text} is held. */
    public HoldOnLog armOn(String text) {
        this.text = text;
        logger.setLevel(Level.FINE);
        logger.addHandler(this);
        return this;
    }

    /** Waits until a thread is held, and returns it. */
    public Thread awaitHeld() throws InterruptedException {
        assertTrue(held.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS),
                "the server should log a line containing '" + text + "'");
        return holding;
    }

    public void release() {
        released.countDown();
    }

    @Override
    public void publish(LogRecord record) {
        String wanted = text;
        if (wanted == null || !record.getMessage().contains(wanted)) {
            return;
        }
        synchronized (held) {
            if (held.getCount() == 0) {
                return; // only the first
            }
            holding = Thread.currentThread();
            held.countDown();
        }
        // Held through interrupts too (03's close() interrupts its workers before it closes their sockets), but
        // bounded, so a failing test still ends. The interrupt is kept for the server's code to see afterwards.
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        boolean interrupted = false;
        while (released.getCount() > 0 && System.nanoTime() < deadline) {
            try {
                released.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        release();
        logger.removeHandler(this);
        logger.setLevel(levelBefore);
    }
}
