package echo.framed;

import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Chapter 06's {@link FrameEvents} as {@code --trace} lines (a header split across reads, a frame completed and
 * from how many reads, a length refused) and {@code --stats} figures (frames a second, refusals). Each connection
 * gets a listener of its own ({@link #connection()}), which counts the reads its frame in progress came from.
 */
public final class FrameWatcher implements Stats.Source {
    private final Trace trace;
    private final LongAdder frames = new LongAdder();   // many reactors (chapter 09) may count at once
    private final LongAdder refusals = new LongAdder();

    public FrameWatcher(Trace trace) {
        this.trace = trace;
    }

    /** What a framed chapter's factory gives each connection's decoder: {@link FrameEvents#NONE} unwatched. */
    public static Supplier<FrameEvents> eventsFor(Watch watch) {
        if (!watch.on()) {
            return () -> FrameEvents.NONE;
        }
        FrameWatcher watcher = watch.report(new FrameWatcher(watch.trace()));
        return watcher::connection;
    }

    /** A listener for one connection's decoder. */
    public FrameEvents connection() {
        return new Connection();
    }

    /** Frames completed so far, on every connection. */
    public long frames() {
        return frames.sum();
    }

    /** Headers refused (over the max frame) so far. */
    public long refusals() {
        return refusals.sum();
    }

    @Override
    public void sample(Stats.Sample sample) {
        sample.perSecond("frames", frames()).count("refused", refusals());
    }

    private final class Connection implements FrameEvents {
        private int reads = 1; // the reads the frame in progress has come from; only the reactor thread counts

        @Override
        public void frame(int length) {
            frames.increment();
            if (trace.on()) {
                trace.event(String.format(Locale.ROOT, "frame complete: %,d-byte payload, from %d %s", length,
                        reads, reads == 1 ? "read (a view of the read buffer, no copy)" : "reads"));
            }
            reads = 1;
        }

        @Override
        public void partial(int have, int of) {
            reads++;
            if (trace.on()) {
                trace.event(String.format(Locale.ROOT, "frame incomplete: %,d of %,d payload bytes, waiting for more",
                        have, of));
            }
        }

        @Override
        public void headerHeld(int bytes) {
            if (bytes > 0) {
                reads++;
                if (trace.on()) {
                    trace.event("header split across reads: " + bytes + " of 4 header bytes, waiting for more");
                }
            }
        }

        @Override
        public void refused(long length, int maxFrame) {
            refusals.increment();
            if (trace.on()) {
                trace.event(String.format(Locale.ROOT, "frame length %,d refused: over the max frame of %,d bytes",
                        length, maxFrame));
            }
        }
    }
}
