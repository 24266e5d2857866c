package echo.pool;

import echo.common.BlockingWatcher;
import echo.common.ServerConfig;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chapter 03's {@code --trace} and {@code --stats}: the pool as it fills and empties. Busy workers and waiting
 * connections are counted from the events (a worker is busy from {@code workerTaken} to {@code released}); a
 * connection's wait in the queue is timed from {@code queued} to {@code workerTaken}. A line's counts are that
 * instant's, seen from the thread that traces it.
 */
final class PoolWatcher extends BlockingWatcher implements PoolEvents {
    private final int poolSize;
    private final int queueSize;
    private final LongAdder queued = new LongAdder();
    private final LongAdder taken = new LongAdder();
    private final LongAdder released = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder idle = new LongAdder();
    private final Map<Socket, Long> queuedAt = new ConcurrentHashMap<>(); // only while tracing

    PoolWatcher(Trace trace, ServerConfig config) {
        super(trace);
        this.poolSize = config.poolSize();
        this.queueSize = config.queueSize();
    }

    static PoolEvents eventsFor(Watch watch, ServerConfig config) {
        return watch.on() ? watch.report(new PoolWatcher(watch.trace(), config)) : PoolEvents.NONE;
    }

    @Override
    public void queued(Socket client) {
        queued.increment();
        if (trace.on()) {
            queuedAt.put(client, System.nanoTime());
            long busy = busyWorkers();
            trace.event("handed " + client(client) + " to the pool: " + (busy < poolSize
                    ? "a worker is free (" + busy + " of " + poolSize + " busy)"
                    : "every worker busy (" + poolSize + "), it waits in the queue (" + waiting() + " of "
                    + queueSize + ")"));
        }
    }

    @Override
    public void workerTaken(Socket client) {
        taken.increment();
        if (trace.on()) {
            Long since = queuedAt.remove(client);
            trace.event("worker takes " + client(client) + (since == null ? ""
                    : ", handed over " + (System.nanoTime() - since) / 1_000_000 + " ms ago")
                    + " (" + busyWorkers() + " of " + poolSize + " busy, " + waiting() + " waiting)");
        }
    }

    @Override
    public void refused(Socket client) {
        refused.increment();
        forget(client);
        if (trace.on()) {
            trace.event("refused " + client(client) + ": every worker busy (--pool " + poolSize + ") and the queue full"
                    + " (--queue " + queueSize + ")");
        }
    }

    @Override
    public void released(Socket client, int placesFree) {
        released.increment();
        if (trace.on()) {
            trace.event("place of " + client(client) + " given back: " + placesFree + " of " + (poolSize + queueSize)
                    + " free");
        }
    }

    @Override
    public void ended(Socket client, End how) {
        if (how == End.IDLE) {
            idle.increment();
        }
        super.ended(client, how);
    }

    /** Workers serving a connection now. */
    long busyWorkers() {
        return taken.sum() - released.sum();
    }

    /** Connections handed to the pool that no worker has taken yet. */
    long waiting() {
        return queued.sum() - taken.sum();
    }

    @Override
    public void sample(Stats.Sample sample) {
        super.sample(sample);
        sample.count("busy workers", busyWorkers()).count("waiting", waiting()).count("refused", refused.sum())
                .count("idle time-outs", idle.sum());
    }
}
