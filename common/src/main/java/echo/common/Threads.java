package echo.common;

import java.time.Duration;

/** The two waits every server's threads need, with interruption handled once, here. */
public final class Threads {
    private Threads() {
    }

    /**
     * Waits for {@code thread} (if any) to end. close() uses it to keep its promise that no thread of the server
     * outlives it. An interrupt does not cut the wait short (a half-closed server would leak its port and
     * threads); it is remembered and set again on the caller's thread once the wait is over.
     */
    public static void join(Thread thread) {
        if (thread == null) {
            return;
        }
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sleeps, e.g. to back off after an accept() failure that would otherwise repeat at once, in a tight loop. */
    public static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
