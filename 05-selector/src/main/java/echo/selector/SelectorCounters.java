package echo.selector;

import echo.common.Net;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The {@link SelectorEvents} of one reactor, counted, and told as {@code --trace} lines when the trace is on:
 * what the tests, the benchmarks and {@code --stats} read (select() wake-ups, open and paused connections,
 * pending-output memory). It sits beside the loop, not inside it: the loop only reports events.
 *
 * <p>One reactor's thread writes the counters (one instance per reactor: chapter 09 makes one for each); they are
 * volatile so that tests and the stats thread read them from theirs. Every line is built only when the trace is
 * on, so a counter with the trace off allocates nothing ({@code SelectorCountersTest}).
 */
public class SelectorCounters implements SelectorEvents, Stats.Source {
    protected final Trace trace;
    private volatile long wakeups;
    private volatile long readyKeys;
    private volatile int openConnections;
    private volatile int pausedConnections;
    private volatile long pauses;
    private volatile long bufferedBytes;
    private volatile long maxPendingSeen;
    private volatile long endsWithOutputPending;

    /** Counts only: what a test or a benchmark that reads the figures uses. */
    public SelectorCounters() {
        this(Trace.OFF);
    }

    public SelectorCounters(Trace trace) {
        this.trace = trace;
    }

    /**
     * What a selector chapter's factory hands its reactor: {@link SelectorEvents#NONE} when nothing watches, else
     * counters whose figures go on the {@code --stats} line and whose events on the trace.
     */
    public static SelectorEvents eventsFor(Watch watch) {
        return watch.on() ? watch.report(new SelectorCounters(watch.trace())) : NONE;
    }

    @Override
    public void woke(Set<SelectionKey> ready) {
        wakeups++; // one writer: the reactor thread
        readyKeys += ready.size();
        if (trace.on()) {
            int accept = 0;
            int read = 0;
            int write = 0;
            for (SelectionKey key : ready) {
                if (key.isValid()) {
                    accept += key.isAcceptable() ? 1 : 0;
                    read += key.isReadable() ? 1 : 0;
                    write += key.isWritable() ? 1 : 0;
                }
            }
            StringBuilder text = new StringBuilder("select() woke: ").append(ready.size()).append(" ready");
            String sep = " (";
            if (accept > 0) {
                text.append(sep).append(accept).append(" accept");
                sep = ", ";
            }
            if (read > 0) {
                text.append(sep).append(read).append(" read");
                sep = ", ";
            }
            if (write > 0) {
                text.append(sep).append(write).append(" write");
                sep = ", ";
            }
            trace.event(sep.equals(", ") ? text.append(')').toString() : text.toString());
        }
    }

    @Override
    public void accepted(SocketChannel channel) {
        openConnections++;
        if (trace.on()) {
            trace.event("accepted " + name(channel) + ", OP_READ (open: " + openConnections + ")");
        }
    }

    @Override
    public void read(SocketChannel channel, ByteBuffer input) {
        if (trace.on()) {
            trace.event("read " + input.remaining() + " bytes from " + name(channel) + preview(input));
        }
    }

    @Override
    public void wrote(SocketChannel channel, long n, ByteBuffer[] replies, int count) {
        if (trace.on()) {
            long left = 0;
            for (int i = 0; i < count; i++) {
                left += replies[i].remaining();
            }
            trace.event(left == 0 ? "wrote " + n + " bytes to " + name(channel)
                    : String.format(Locale.ROOT, "wrote %,d of %,d bytes to %s (partial: its send buffer is full)",
                    n, n + left, name(channel)));
        }
    }

    @Override
    public void flushed(SocketChannel channel, int n, ByteBuffer head) {
        if (trace.on()) {
            trace.event(String.format(Locale.ROOT, "OP_WRITE: wrote %,d pending bytes to %s%s", n, name(channel),
                    head.hasRemaining() ? " (partial again)" : ""));
        }
    }

    @Override
    public void held(SocketChannel channel, long delta, long pendingBytes) {
        bufferedBytes += delta;
        if (pendingBytes > maxPendingSeen) {
            maxPendingSeen = pendingBytes;
        }
        if (delta > 0 && trace.on()) {
            trace.event(String.format(Locale.ROOT, "kept a %,d-byte buffer of pending output for %s (holds %,d)",
                    delta, name(channel), pendingBytes));
        }
    }

    @Override
    public void writeInterest(SocketChannel channel, boolean on) {
        if (trace.on()) {
            trace.event(on ? "OP_WRITE on for " + name(channel) + " (output pending)"
                    : "OP_WRITE off for " + name(channel) + " (drained)");
        }
    }

    @Override
    public void readingPaused(SocketChannel channel, boolean paused, long pendingBytes) {
        pausedConnections += paused ? 1 : -1;
        if (paused) {
            pauses++;
        }
        if (trace.on()) {
            trace.event(String.format(Locale.ROOT, paused
                            ? "reading from %s paused, OP_READ off: %,d bytes of output pending (backpressure)"
                            : "reading from %s resumed, OP_READ on: %,d bytes of output pending", name(channel),
                    pendingBytes));
        }
    }

    @Override
    public void endOfInput(SocketChannel channel, boolean outputPending) {
        if (outputPending) {
            endsWithOutputPending++;
        }
        if (trace.on()) {
            trace.event("end of input from " + name(channel) + ", OP_READ off"
                    + (outputPending ? " (output still pending: closing once it is sent)" : ""));
        }
    }

    @Override
    public void closed(SocketChannel channel, String why, long pendingBytes, boolean readingPaused) {
        openConnections--;
        bufferedBytes -= pendingBytes;
        if (readingPaused) {
            pausedConnections--;
        }
        if (trace.on()) {
            String reason = why.endsWith("; closed") ? why.substring(0, why.length() - "; closed".length()) : why;
            trace.event("closed " + name(channel) + ": " + reason + " (open: " + openConnections + ")");
        }
    }

    @Override
    public void stopped() {
        openConnections = 0;
        pausedConnections = 0;
        bufferedBytes = 0;
        if (trace.on()) {
            trace.event("stopped: every connection closed");
        }
    }

    /** How many times select() has returned: stays put while the reactor is idle. */
    public long selectWakeups() {
        return wakeups;
    }

    /** How many keys select() handed back ready, in all: each one dispatched once to its Acceptor or Handler. */
    public long readyKeys() {
        return readyKeys;
    }

    public int openConnections() {
        return openConnections;
    }

    /** Connections whose reading is paused because their client does not read its echo (backpressure). */
    public int pausedConnections() {
        return pausedConnections;
    }

    /** How many times, in all, a connection's reading was paused (backpressure). */
    public long pauses() {
        return pauses;
    }

    /**
     * Memory held for pending output by the reactor's connections together, right now: the capacity of their
     * pending buffers (at least the bytes waiting in them).
     */
    public long bufferedBytes() {
        return bufferedBytes;
    }

    /** The most pending-output memory any one connection has held at once since the reactor started. */
    public long maxPendingSeen() {
        return maxPendingSeen;
    }

    /** How many clients ended their input (half-close) while the server still had output pending for them. */
    public long endsWithOutputPending() {
        return endsWithOutputPending;
    }

    @Override
    public void sample(Stats.Sample sample) {
        sample(sample, List.of(this));
    }

    /** The {@code --stats} figures of several reactors together (chapter 09's). */
    public static void sample(Stats.Sample sample, List<? extends SelectorCounters> reactors) {
        long open = 0;
        long pending = 0;
        long paused = 0;
        long wakeups = 0;
        for (SelectorCounters counters : reactors) {
            open += counters.openConnections;
            pending += counters.bufferedBytes;
            paused += counters.pausedConnections;
            wakeups += counters.wakeups;
        }
        sample.count("connections", open).count("pending output bytes", pending).count("paused", paused)
                .perSecond("select wake-ups", wakeups);
    }

    /** A --trace=bytes preview of the bytes a read brought (the read buffer is direct: copy the few shown). */
    private String preview(ByteBuffer input) {
        if (!trace.bytes()) {
            return "";
        }
        byte[] shown = new byte[Math.min(input.remaining(), Trace.PREVIEW_BYTES + 1)];
        input.get(input.position(), shown);
        return trace.preview(shown, 0, shown.length);
    }

    /**
     * {@code 127.0.0.1:51234}; a Unix socket's client has no address, so the channel's identity and the file:
     * {@code client 1b6d3586 on /tmp/echo.sock}.
     */
    protected static String name(SocketChannel channel) {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return remote instanceof InetSocketAddress ? Net.describe(remote)
                    : "client " + Integer.toHexString(System.identityHashCode(channel)) + " on "
                    + channel.getLocalAddress();
        } catch (IOException e) {
            return "(closed)";
        }
    }
}
