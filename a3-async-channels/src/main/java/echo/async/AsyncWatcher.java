package echo.async;

import echo.common.Net;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link AsyncEvents} as {@code --trace} lines and {@code --stats} figures, and the counts the tests read.
 * Unlike chapter 05's watcher (one reactor thread), it is told things from every thread of the group at once:
 * a proactor's handlers for different connections run in parallel, so anything they share must be thread-safe.
 * Every line is built only when the trace is on.
 */
public final class AsyncWatcher implements AsyncEvents, Stats.Source {
    private final Trace trace;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder readsAsked = new LongAdder();
    private final LongAdder readsDone = new LongAdder();
    private final LongAdder writesAsked = new LongAdder();
    private final LongAdder writesDone = new LongAdder();
    private final LongAdder failedReads = new LongAdder();
    private final LongAdder failedWrites = new LongAdder();
    private final LongAdder partialWrites = new LongAdder();
    private final LongAdder endsOfInput = new LongAdder();
    private final LongAdder echoed = new LongAdder();
    private final AtomicLong bufferBytes = new AtomicLong();

    public AsyncWatcher(Trace trace) {
        this.trace = trace;
    }

    /** What the chapter's factory hands its server: {@link #NONE} when nothing watches, else a watcher on --stats. */
    public static AsyncEvents of(Watch watch) {
        return watch.on() ? watch.report(new AsyncWatcher(watch.trace())) : NONE;
    }

    @Override
    public void accepting() {
        if (trace.on()) {
            trace.event("accept asked for");
        }
    }

    @Override
    public void accepted(AsynchronousSocketChannel client) {
        accepted.increment();
        if (trace.on()) {
            trace.event("accept completed: " + client(client) + " (open: " + open() + ")");
        }
    }

    @Override
    public void serving(AsynchronousSocketChannel client, ByteBuffer buffer) {
        bufferBytes.addAndGet(buffer.capacity());
        if (trace.on()) {
            trace.event("serving " + client(client) + " with a buffer of its own, " + buffer.capacity() + " bytes");
        }
    }

    @Override
    public void reading(AsynchronousSocketChannel client, ByteBuffer buffer) {
        readsAsked.increment();
        if (trace.on()) {
            trace.event("read asked for on " + client(client) + " (up to " + buffer.remaining() + " bytes)");
        }
    }

    @Override
    public void read(AsynchronousSocketChannel client, ByteBuffer buffer, int n) {
        readsDone.increment();
        if (n < 0) {
            endsOfInput.increment();
        }
        if (trace.on()) {
            trace.event(n < 0 ? "read completed: end of input from " + client(client)
                    : "read completed: " + n + " bytes from " + client(client) + preview(buffer, 0, n));
        }
    }

    @Override
    public void writing(AsynchronousSocketChannel client, ByteBuffer buffer) {
        writesAsked.increment();
        if (trace.on()) {
            trace.event("write asked for: " + buffer.remaining() + " bytes to " + client(client));
        }
    }

    @Override
    public void wrote(AsynchronousSocketChannel client, ByteBuffer buffer, int n) {
        writesDone.increment();
        echoed.add(n);
        boolean partial = buffer.hasRemaining();
        if (partial) {
            partialWrites.increment();
        }
        if (trace.on()) {
            trace.event("write completed: " + n + " of " + (n + buffer.remaining()) + " bytes to " + client(client)
                    + (partial ? " (partial: the rest is asked for next)" : ""));
        }
    }

    @Override
    public void readFailed(AsynchronousSocketChannel client, Throwable failure) {
        failedReads.increment();
        if (trace.on()) {
            trace.event("read failed on " + client(client) + ": " + failure);
        }
    }

    @Override
    public void writeFailed(AsynchronousSocketChannel client, Throwable failure) {
        failedWrites.increment();
        if (trace.on()) {
            trace.event("write failed on " + client(client) + ": " + failure);
        }
    }

    @Override
    public void ended(AsynchronousSocketChannel client, ByteBuffer buffer, End how) {
        ended.increment();
        bufferBytes.addAndGet(-buffer.capacity());
        if (trace.on()) {
            trace.event("closed " + client(client) + ": " + how.said() + " (open: " + open() + ")");
        }
    }

    private String preview(ByteBuffer buffer, int offset, int n) {
        return trace.bytes() && buffer.hasArray()
                ? trace.preview(buffer.array(), buffer.arrayOffset() + offset, n) : "";
    }

    /** {@code 127.0.0.1:51234}, or what is known of a client whose channel is closed already. */
    private static String client(AsynchronousSocketChannel channel) {
        try {
            return Net.describe(channel.getRemoteAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }

    /** Connections accepted and not yet ended. */
    public long open() {
        return accepted.sum() - ended.sum();
    }

    public long acceptedTotal() {
        return accepted.sum();
    }

    /** Reads asked for and not completed: one per connection waiting for its client to say something. */
    public long pendingReads() {
        return readsAsked.sum() - readsDone.sum() - failedReads.sum();
    }

    /** Writes asked for and not completed: one per connection whose client is slow to read its echo. */
    public long pendingWrites() {
        return writesAsked.sum() - writesDone.sum() - failedWrites.sum();
    }

    /** Writes that completed with part of the buffer still to send (the rest was asked for next). */
    public long partialWrites() {
        return partialWrites.sum();
    }

    /** Reads that completed with -1: clients that shut their output. */
    public long endsOfInput() {
        return endsOfInput.sum();
    }

    /** The memory the open connections' buffers take: one read buffer each, idle or not. */
    public long bufferBytes() {
        return bufferBytes.get();
    }

    public long echoedBytes() {
        return echoed.sum();
    }

    @Override
    public void sample(Stats.Sample sample) {
        sample.count("connections", open())
                .count("reads outstanding", pendingReads())
                .count("writes outstanding", pendingWrites())
                .count("buffer bytes", bufferBytes())
                .perSecond("bytes echoed", echoedBytes())
                .count("partial writes", partialWrites());
    }
}
