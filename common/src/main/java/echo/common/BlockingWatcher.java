package echo.common;

import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * The {@link BlockingEvents} of a blocking server as {@code --trace} lines and {@code --stats} figures: open
 * connections and bytes echoed per second. Chapters 02, 03 and 07 extend it with the events of their own model.
 * Every line is built only when the trace is on; the counters are kept whenever the watcher exists (it exists only
 * when something watches: see {@link #of}).
 */
public class BlockingWatcher implements BlockingEvents, Stats.Source {
    protected final Trace trace;
    private final LongAdder accepted = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder echoed = new LongAdder();

    public BlockingWatcher(Trace trace) {
        this.trace = trace;
    }

    /**
     * What a blocking chapter's factory hands its server: {@link BlockingEvents#NONE} when nothing watches, else a
     * watcher whose figures go on the {@code --stats} line.
     */
    public static BlockingEvents of(Watch watch) {
        return watch.on() ? watch.report(new BlockingWatcher(watch.trace())) : NONE;
    }

    @Override
    public void accepting() {
        if (trace.on()) {
            trace.event("waiting in accept() for the next connection");
        }
    }

    @Override
    public void accepted(Socket client) {
        accepted.increment();
        if (trace.on()) {
            trace.event("accepted " + client(client) + " (open: " + open() + ")");
        }
    }

    @Override
    public void reading(Socket client) {
        if (trace.on()) {
            trace.event("waiting in read() on " + client(client) + where());
        }
    }

    @Override
    public void read(Socket client, byte[] data, int n) {
        if (trace.on()) {
            trace.event("read " + n + " bytes from " + client(client) + where() + trace.preview(data, 0, n));
        }
    }

    @Override
    public void wrote(Socket client, byte[] data, int n) {
        echoed.add(n);
        if (trace.on()) {
            trace.event("wrote " + n + " bytes to " + client(client) + where());
        }
    }

    @Override
    public void ended(Socket client, End how) {
        ended.increment();
        if (trace.on()) {
            trace.event("client " + client(client) + " " + switch (how) {
                case DONE -> "done (end of stream, all echoed)";
                case IDLE -> "idle time-out fired: closed";
                case DROPPED -> "dropped (reset or gone)";
                case CLOSED_BY_SERVER -> "closed by the server";
            } + " (open: " + open() + ")");
        }
    }

    /** A connection accepted and then closed at once, never served (a refusal): no longer open. */
    protected void forget(Socket client) {
        ended.increment();
    }

    /**
     * Appended to the lines of the read/write loop, on the thread that runs it: "" here; chapter 07 says which
     * carrier the virtual thread is mounted on.
     */
    protected String where() {
        return "";
    }

    /** Connections accepted and not yet ended. */
    public long open() {
        return accepted.sum() - ended.sum();
    }

    /** Connections accepted so far. */
    public long acceptedTotal() {
        return accepted.sum();
    }

    /** Bytes written back so far. */
    public long echoedBytes() {
        return echoed.sum();
    }

    @Override
    public void sample(Stats.Sample sample) {
        sample.count("connections", open()).perSecond("bytes echoed", echoedBytes());
    }

    /** {@code 127.0.0.1:51234}: how a trace line names a client. */
    protected static String client(Socket socket) {
        return Net.describe(socket.getRemoteSocketAddress());
    }
}
