package echo.multireactor;

import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;
import echo.selector.SelectorCounters;

import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 09's events counted and traced: chapter 05's {@link SelectorCounters} for each reactor and for the
 * acceptor (each written by its own thread only), and each hand-over, which the trace shows as the connection
 * landing on reactor K. What the tests read and {@code --stats} prints (the reactors' figures summed).
 */
public final class MultiReactorCounters implements MultiReactorEvents, Stats.Source {
    private final Trace trace;
    private final List<SelectorCounters> reactors = new ArrayList<>();
    private final SelectorCounters acceptor;

    /** Counts only: what a test reads. */
    public MultiReactorCounters(int reactors) {
        this(Trace.OFF, reactors);
    }

    public MultiReactorCounters(Trace trace, int reactors) {
        this.trace = trace;
        for (int k = 0; k < reactors; k++) {
            this.reactors.add(new SelectorCounters(trace));
        }
        this.acceptor = new SelectorCounters(trace);
    }

    static MultiReactorEvents eventsFor(Watch watch, int reactors) {
        return watch.on() ? watch.report(new MultiReactorCounters(watch.trace(), reactors)) : NONE;
    }

    @Override
    public SelectorCounters reactor(int k) {
        return reactors.get(k);
    }

    @Override
    public SelectorCounters acceptor() {
        return acceptor;
    }

    /** Every reactor's counters, in hand-off order. */
    public List<SelectorCounters> reactors() {
        return List.copyOf(reactors);
    }

    @Override
    public void handedOver(SocketChannel channel, int k) {
        if (trace.on()) {
            trace.event("accepted " + name(channel) + ", handed to reactor " + k + " (queued, its select() woken)");
        }
    }

    @Override
    public void sample(Stats.Sample sample) {
        SelectorCounters.sample(sample, reactors);
        StringBuilder each = new StringBuilder("per reactor");
        for (SelectorCounters counters : reactors) {
            each.append(each.length() == "per reactor".length() ? " " : "/").append(counters.openConnections());
        }
        sample.text(each.toString());
    }

    private static String name(SocketChannel channel) {
        try {
            return echo.common.Net.describe(channel.getRemoteAddress());
        } catch (java.io.IOException e) {
            return "(closed)";
        }
    }
}
