package echo.poll;

import echo.common.Net;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Chapter 04's {@code --trace} and {@code --stats}, and what its tests read: how many rounds the loop turned, how
 * many of them found nothing to do, how many connections each asked. A loop that turns a million times a second
 * must not print a million lines: the trace gets one summary line a second, written from the loop's own thread
 * (checked at the end of a round: no timer thread), plus a line for each connection that arrives or leaves and
 * each read and write, which are real work.
 *
 * <p>The counters are written by the one thread that turns the rounds and read by others (stats, tests):
 * volatile, never incremented from two threads.
 */
public final class PollWatcher implements PollEvents, Stats.Source {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Trace trace;
    private volatile long rounds;
    private volatile long idleRounds;
    private volatile int asked;
    private volatile int open;
    private volatile long stalledWrites;
    private volatile Thread loop;
    private long summaryStart;
    private long summaryRounds;
    private long summaryIdle;
    private long summaryStalled;

    public PollWatcher(Trace trace) {
        this.trace = trace;
    }

    static PollEvents eventsFor(Watch watch) {
        return watch.on() ? watch.report(new PollWatcher(watch.trace())) : PollEvents.NONE;
    }

    @Override
    public void round(int asked, int open, boolean busy) {
        if (loop == null) {
            loop = Thread.currentThread();
        }
        rounds++; // one writer: the loop
        if (!busy) {
            idleRounds++;
        }
        this.asked = asked;
        this.open = open;
        if (trace.on()) {
            summarise();
        }
    }

    private void summarise() {
        long now = System.nanoTime();
        if (summaryStart == 0) {
            summaryStart = now;
            summaryRounds = rounds;
            summaryIdle = idleRounds;
            summaryStalled = stalledWrites;
            return;
        }
        if (now - summaryStart >= SECOND) {
            long turned = rounds - summaryRounds;
            long idle = idleRounds - summaryIdle;
            long stalled = stalledWrites - summaryStalled;
            trace.event(String.format(Locale.ROOT, "last %.2f s: %,d rounds, %,d of them found nothing to do (%.1f%%);"
                            + " %d connections asked each round%s", (now - summaryStart) / 1e9, turned, idle,
                    100.0 * idle / Math.max(turned, 1), open, stalled == 0 ? ""
                            : String.format(Locale.ROOT, "; %,d retried writes took nothing (send buffer full)", stalled)));
            summaryStart = now;
            summaryRounds = rounds;
            summaryIdle = idleRounds;
            summaryStalled = stalledWrites;
        }
    }

    @Override
    public void accepted(SocketChannel client) {
        if (trace.on()) {
            trace.event("accepted " + name(client) + " (non-blocking; asked every round from now on)");
        }
    }

    @Override
    public void read(SocketChannel client, ByteBuffer buffer, int n) {
        if (trace.on()) {
            trace.event("read " + n + " bytes from " + name(client)
                    + trace.preview(buffer.array(), buffer.arrayOffset() + buffer.position() - n, n));
        }
    }

    @Override
    public void wrote(SocketChannel client, int n, int left) {
        if (n == 0) { // a retry the full send buffer refused: once a round, so counted for the summary, not traced
            stalledWrites++;
            return;
        }
        if (trace.on()) {
            trace.event("wrote " + n + " bytes to " + name(client) + (left == 0 ? ""
                    : "; its send buffer is full: " + left + " bytes pending, nothing read from it until they go"));
        }
    }

    @Override
    public void finished(SocketChannel client, boolean dropped) {
        if (trace.on()) {
            trace.event("client " + name(client) + (dropped ? " dropped (reset or gone)" : " done (end of stream)"));
        }
    }

    /** Rounds turned so far. */
    public long rounds() {
        return rounds;
    }

    /** Rounds that moved no byte. */
    public long idleRounds() {
        return idleRounds;
    }

    /** Connections the last round asked: every one it found, including those that left during it. */
    public int askedLastRound() {
        return asked;
    }

    /** Open connections after the last round. */
    public int open() {
        return open;
    }

    /** The thread that turns the rounds (null before the first). */
    public Thread loopThread() {
        return loop;
    }

    @Override
    public void sample(Stats.Sample sample) {
        sample.count("connections", open).perSecond("rounds", rounds).perSecond("idle rounds", idleRounds)
                .perSecond("writes that took nothing", stalledWrites);
    }

    private static String name(SocketChannel client) {
        try {
            return Net.describe(client.getRemoteAddress());
        } catch (IOException e) {
            return "(closed)";
        }
    }
}
