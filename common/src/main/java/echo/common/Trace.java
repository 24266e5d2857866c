package echo.common;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Where {@code --trace} lines go: one short line per event of a server, with the milliseconds since the trace
 * began and the name of the thread the event happened on ({@code   12.345 echo-01-blocking-server  read 5 bytes}).
 *
 * <p>A trace must not change what it shows. Off ({@link #OFF}, the default everywhere), nothing calls it: a
 * server's listener is a no-op and a watcher checks {@link #on()} before it builds any text. On, {@link #event}
 * puts the line in a bounded queue and returns; one printing thread takes lines from there. A server thread never
 * waits for the terminal: a line that finds the queue full is not shown, only counted, and the printer says how
 * many it missed ({@code … 1,234 events not shown}) at the point where they went missing. See DESIGN.md, "How a
 * chapter adds tracing".
 */
public final class Trace implements AutoCloseable {
    /** Tracing off: {@link #on()} is false and {@link #event} does nothing. */
    public static final Trace OFF = new Trace(null, 1, false);

    /** How many bytes of payload {@code --trace=bytes} shows of each read or write. */
    public static final int PREVIEW_BYTES = 24;

    static final int DEFAULT_CAPACITY = 8192;

    private final boolean on;
    private final boolean bytes;
    private final long start = System.nanoTime();
    private final BlockingQueue<Queued> queue;
    private final Consumer<Line> sink;
    private final AtomicLong dropped = new AtomicLong();
    private Thread printer;
    private volatile boolean closing;

    private Trace(Consumer<Line> sink, int capacity, boolean bytes) {
        this.on = sink != null;
        this.bytes = bytes;
        this.sink = sink;
        this.queue = new ArrayBlockingQueue<>(capacity);
    }

    /**
     * What {@code --trace} uses: lines printed on {@code out} by a daemon thread {@code echo-trace} once
     * {@link #start()} is called (until then they wait in the queue, so the server's "listening" line comes first).
     */
    public static Trace printingTo(PrintStream out, boolean bytes) {
        return new Trace(line -> out.println(line.format()), DEFAULT_CAPACITY, bytes);
    }

    /**
     * A trace whose lines go to {@code sink}, one at a time on the trace's own thread, through a queue of
     * {@code capacity} lines. Not started: call {@link #start()}. The testkit's {@code TraceCapture} is one.
     */
    public static Trace to(Consumer<Line> sink, int capacity, boolean bytes) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        return new Trace(sink, capacity, bytes);
    }

    /** Whether anyone is listening: a watcher checks this before it builds a line, so that off costs a field read. */
    public boolean on() {
        return on;
    }

    /** Whether {@code --trace=bytes} asked for a short preview of the payload (lengths only otherwise). */
    public boolean bytes() {
        return bytes;
    }

    /** Starts the thread that hands the lines to the sink. Idempotent. */
    public synchronized Trace start() {
        if (on && printer == null) {
            printer = new Thread(this::print, "echo-trace");
            printer.setDaemon(true); // never keeps a process alive
            printer.start();
        }
        return this;
    }

    /**
     * One event, on the calling thread, now. Never blocks: if the queue is full the line is counted as not shown.
     * Build {@code text} only when {@link #on()}.
     */
    public void event(String text) {
        if (!on) {
            return;
        }
        Line line = new Line(System.nanoTime() - start, Thread.currentThread().getName(), text);
        if (!queue.offer(new Queued(line, dropped.get()))) {
            dropped.incrementAndGet();
        }
    }

    /** Lines that found the queue full, so far. */
    public long dropped() {
        return dropped.get();
    }

    /**
     * Up to {@link #PREVIEW_BYTES} of {@code data[offset..offset+length)}, escaped so that a line stays one line
     * ({@code "hello\n"}, {@code "\x00\xff"}, {@code "abc"…} when cut), or "" unless {@code --trace=bytes}.
     */
    public String preview(byte[] data, int offset, int length) {
        if (!bytes) {
            return "";
        }
        StringBuilder text = new StringBuilder(" \"");
        int shown = Math.min(length, PREVIEW_BYTES);
        for (int i = offset; i < offset + shown; i++) {
            int b = data[i] & 0xff;
            switch (b) {
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                default -> {
                    if (b >= 0x20 && b < 0x7f) {
                        text.append((char) b);
                    } else {
                        text.append(String.format("\\x%02x", b));
                    }
                }
            }
        }
        text.append('"');
        if (length > shown) {
            text.append('…');
        }
        return text.toString();
    }

    private void print() {
        long reported = 0;
        while (true) {
            Queued next;
            try {
                next = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            // Said where they went missing: before the first line queued after them, or, once the queue is empty,
            // at the end.
            long missed = next != null ? next.droppedBefore : dropped.get();
            if (missed > reported) {
                sink.accept(new Line(System.nanoTime() - start, "echo-trace", notShown(missed - reported)));
                reported = missed;
            }
            if (next != null) {
                sink.accept(next.line);
            } else if (closing) {
                return;
            }
        }
    }

    /** A line and how many lines had been dropped before it was queued: where to say so. */
    private record Queued(Line line, long droppedBefore) {
    }

    static String notShown(long count) {
        return String.format(Locale.ROOT, "… %,d %s not shown (the trace's queue was full; the server did not wait)",
                count, count == 1 ? "event" : "events");
    }

    /** Prints what is still queued, and how many lines were not shown, then stops the printing thread. */
    @Override
    public void close() {
        Thread thread;
        synchronized (this) {
            thread = printer;
        }
        closing = true;
        if (thread != null) {
            Threads.join(thread);
        }
    }

    /**
     * One event: when (nanoseconds since the trace began), on which thread, what.
     */
    public record Line(long nanos, String thread, String text) {
        /** {@code "  12.345 echo-01-blocking-server  read 5 bytes"}: milliseconds, thread, text. */
        public String format() {
            return String.format(Locale.ROOT, "%9.3f %s  %s", nanos / 1e6, thread, text);
        }
    }
}
