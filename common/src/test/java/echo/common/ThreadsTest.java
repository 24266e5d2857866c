package echo.common;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@org.junit.jupiter.api.Timeout(value = 60, unit = TimeUnit.SECONDS,
        threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
class ThreadsTest {

    /** "Waits for thread (if any)": a server that never started a thread may close, with null. */
    @Test
    void joiningNoThreadReturns() {
        assertDoesNotThrow(() -> Threads.join(null));
    }

    /**
     * "An interrupt does not cut the wait short ...; it is remembered and set again on the caller's thread once
     * the wait is over": the caller is interrupted before it joins; the thread it waits for ends only once the
     * caller is seen waiting again, and the caller comes back interrupted. Without an interrupt, it does not.
     */
    @Test
    void anInterruptDoesNotCutTheWaitShortAndIsSetAgain() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        Thread worker = new Thread(() -> awaitUninterruptibly(release), "threads-test-worker");
        worker.start();
        Thread caller = Thread.currentThread();
        Thread releaser = new Thread(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (caller.getState() != Thread.State.WAITING && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            release.countDown();
        }, "threads-test-releaser");
        releaser.start();
        caller.interrupt();
        Threads.join(worker);
        assertFalse(worker.isAlive(), "the interrupt cut the wait short");
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
        releaser.join();

        Threads.join(worker); // already ended, no interrupt
        assertFalse(Thread.interrupted(), "an interrupt out of nowhere");
    }

    /** An interrupted pause returns, and the interrupt is kept for the caller to see. */
    @Test
    void anInterruptedPauseKeepsTheInterrupt() {
        Thread.currentThread().interrupt();
        Threads.pause(Duration.ofSeconds(30));
        assertTrue(Thread.interrupted(), "the interrupt was swallowed");
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // keep waiting
            }
        }
    }
}
