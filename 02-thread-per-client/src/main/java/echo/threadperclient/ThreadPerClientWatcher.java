package echo.threadperclient;

import echo.common.BlockingWatcher;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.net.Socket;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chapter 02's {@code --trace} and {@code --stats}: each connection's thread as it starts and ends, with the count
 * of live connection threads, and the refusals. Chapter 07 extends it to say which carrier a virtual thread is on.
 */
public class ThreadPerClientWatcher extends BlockingWatcher implements ThreadPerClientEvents {
    private final LongAdder started = new LongAdder();
    private final LongAdder ended = new LongAdder();
    private final LongAdder refused = new LongAdder();

    public ThreadPerClientWatcher(Trace trace) {
        super(trace);
    }

    /** What the chapter's factory hands its server: {@link ThreadPerClientEvents#NONE} when nothing watches. */
    static ThreadPerClientEvents eventsFor(Watch watch) {
        return watch.on() ? watch.report(new ThreadPerClientWatcher(watch.trace())) : ThreadPerClientEvents.NONE;
    }

    @Override
    public void threadStarted(Socket client) {
        started.increment();
        if (trace.on()) {
            trace.event(kind() + " thread started for " + client(client) + where() + " (live connection threads: "
                    + liveThreads() + ")");
        }
    }

    @Override
    public void threadEnded(Socket client) {
        ended.increment();
        if (trace.on()) {
            trace.event(kind() + " thread ends, " + client(client) + " is gone (live connection threads: "
                    + liveThreads() + ")");
        }
    }

    @Override
    public void refused(Socket client, Refusal why, int limit) {
        refused.increment();
        forget(client); // accepted, never served
        if (trace.on()) {
            trace.event("refused " + client(client) + ": " + switch (why) {
                case OVER_LIMIT -> limit + " open already (--max-connections " + limit + ")";
                case NO_THREAD -> "the JVM cannot start another thread";
            });
        }
    }

    /** Connection threads started and not yet ended. */
    public long liveThreads() {
        return started.sum() - ended.sum();
    }

    /** Connections refused so far. */
    public long refusedTotal() {
        return refused.sum();
    }

    /** "platform" here; 07 says "virtual". */
    protected String kind() {
        return "platform";
    }

    @Override
    public void sample(Stats.Sample sample) {
        super.sample(sample);
        sample.count("connection threads", liveThreads()).count("refused", refusedTotal());
    }
}
