package echo.common;

import java.util.ArrayList;
import java.util.List;

/**
 * What the person who started a server asked to see of it: a trace ({@code --trace}), a status line a second
 * ({@code --stats}), or nothing ({@link #NONE}, what tests and benchmarks get unless they ask). A chapter's
 * factory turns it into the listener its server is built with: the no-op listener when {@link #on()} is false,
 * the chapter's watcher otherwise. See DESIGN.md, "How a chapter adds tracing".
 */
public final class Watch {
    /** Nothing watched: a server built with it gets its no-op listener. */
    public static final Watch NONE = new Watch(Trace.OFF, false);

    private final Trace trace;
    private final boolean stats;
    private final List<Stats.Source> sources = new ArrayList<>();

    public Watch(Trace trace, boolean stats) {
        this.trace = trace;
        this.stats = stats;
    }

    /** A watch that traces to {@code trace} and prints no stats: what a test that captures the trace uses. */
    public static Watch tracing(Trace trace) {
        return new Watch(trace, false);
    }

    public Trace trace() {
        return trace;
    }

    /** Whether {@code --stats} was asked for. */
    public boolean stats() {
        return stats;
    }

    /** Whether anything is watched at all; if not, a server gets its no-op listener and pays nothing. */
    public boolean on() {
        return trace.on() || stats;
    }

    /**
     * Adds what a watcher counts to the {@code --stats} line. A chapter's factory calls it as it builds the
     * watcher; the launcher prints the line once the server is listening.
     */
    public synchronized <S extends Stats.Source> S report(S source) {
        sources.add(source);
        return source;
    }

    /** What {@link #report} collected, in order. */
    public synchronized List<Stats.Source> sources() {
        return List.copyOf(sources);
    }
}
