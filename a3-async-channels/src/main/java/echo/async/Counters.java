package echo.async;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the tests and benchmarks watch, kept beside the lesson. Unlike chapter 05's counters (one reactor thread),
 * these are updated from every thread of the group at once, hence atomics: a proactor's handlers for different
 * connections run in parallel, and anything they share must be thread-safe.
 */
final class Counters {
    final AtomicInteger open = new AtomicInteger();
    final AtomicInteger pendingReads = new AtomicInteger();
    final AtomicInteger pendingWrites = new AtomicInteger();
    final AtomicLong bufferBytes = new AtomicLong();
    final LongAdder accepted = new LongAdder();
    final LongAdder partialWrites = new LongAdder();
    final LongAdder endsOfInput = new LongAdder();

    void accepted() {
        accepted.increment();
    }

    void opened(int buffer) {
        open.incrementAndGet();
        bufferBytes.addAndGet(buffer);
    }

    void readIssued() {
        pendingReads.incrementAndGet();
    }

    void readCompleted(int n) {
        pendingReads.decrementAndGet();
        if (n < 0) {
            endsOfInput.increment();
        }
    }

    void readFailed() {
        pendingReads.decrementAndGet();
    }

    void writeIssued() {
        pendingWrites.incrementAndGet();
    }

    void writeCompleted(boolean partial) {
        pendingWrites.decrementAndGet();
        if (partial) {
            partialWrites.increment();
        }
    }

    void writeFailed() {
        pendingWrites.decrementAndGet();
    }

    void closed(int buffer) {
        open.decrementAndGet();
        bufferBytes.addAndGet(-buffer);
    }
}
