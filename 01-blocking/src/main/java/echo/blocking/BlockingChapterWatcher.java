package echo.blocking;

import echo.common.BlockingWatcher;
import echo.common.ListenBacklog;
import echo.common.Net;
import echo.common.Stats;
import echo.common.Threads;
import echo.common.Trace;

import java.net.Socket;
import java.time.Duration;

/**
 * Chapter 01's {@code --trace} and {@code --stats}: the shared blocking loop's events, plus what the server itself
 * cannot see while it is stuck in one client's {@code read()}: the clients waiting behind it in the kernel's accept
 * queue. A thread of the watcher's own ({@code echo-01-blocking-backlog}, started at the first connection, only
 * when someone watches) reads the queue's length from {@link ListenBacklog} every 100 ms and traces each change.
 * Where the kernel does not say (not Linux), the trace says nothing about it rather than guess.
 */
final class BlockingChapterWatcher extends BlockingWatcher {
    private static final Duration EVERY = Duration.ofMillis(100);

    private volatile Socket current;  // the client the server is busy with, if any
    private volatile int backlog = -1; // as last read; -1 unknown
    private Thread backlogWatch;

    BlockingChapterWatcher(Trace trace) {
        super(trace);
    }

    @Override
    public void accepted(Socket client) {
        current = client;
        super.accepted(client);
        startWatchingTheBacklog(client.getLocalPort());
    }

    @Override
    public void ended(Socket client, End how) {
        current = null;
        super.ended(client, how);
    }

    private synchronized void startWatchingTheBacklog(int port) {
        if (backlogWatch != null || !ListenBacklog.available()) {
            return;
        }
        backlogWatch = new Thread(() -> watchBacklog(port), "echo-" + BlockingChapter.ID + "-backlog");
        backlogWatch.setDaemon(true);
        backlogWatch.start();
    }

    /** Until the listener is gone (the server closed): trace each change of the accept queue's length. */
    private void watchBacklog(int port) {
        int last = 0;
        int missing = 0; // reads in a row that did not find the listener: gone once it is a second's worth
        while (missing * EVERY.toMillis() < 1000) {
            int now = ListenBacklog.waiting(port);
            missing = now < 0 ? missing + 1 : 0;
            if (now < 0) {
                pause();
                continue;
            }
            backlog = now;
            if (now != last && trace.on()) {
                Socket busyWith = current;
                trace.event(now == 0 ? "listen backlog: empty"
                        : "listen backlog: " + now + (now == 1 ? " client" : " clients") + " connected and waiting"
                        + " for accept(); the server is "
                        + (busyWith == null ? "not busy" : "busy with " + Net.describe(busyWith.getRemoteSocketAddress())));
            }
            last = now;
            pause();
        }
        backlog = -1;
    }

    private static void pause() {
        Threads.pause(EVERY);
    }

    @Override
    public void sample(Stats.Sample sample) {
        super.sample(sample);
        int waiting = backlog;
        if (waiting >= 0) {
            sample.count("waiting in backlog", waiting);
        }
    }
}
