package echo.multireactor;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.selector.Processor;
import echo.selector.SelectorCounters;
import echo.testkit.NonBlockingRobustnessContract;

import java.io.IOException;
import java.util.List;

/** A never-reader, a slow reader, half-close with output pending, 1,000 idle connections: on three reactors. */
class MultiReactorRobustnessTest extends NonBlockingRobustnessContract {
    private MultiReactorCounters counts; // what the server's reactors tell: the figures the contract reads

    @Override
    protected EchoServer start(ServerConfig config) throws IOException {
        counts = new MultiReactorCounters(3);
        MultiReactorServer server = new MultiReactorServer(config.withReactors(3), MultiReactorChapter.ID,
                () -> Processor.RAW_ECHO, counts);
        server.start();
        return server;
    }

    @Override
    protected Probe probe(EchoServer server) {
        return summed(counts.reactors());
    }

    /** The server's counters: each reactor counts its own connections; the server's are their sum (or max). */
    static Probe summed(List<SelectorCounters> reactors) {
        return Probe.of(() -> reactors.stream().mapToInt(SelectorCounters::openConnections).sum(),
                () -> reactors.stream().mapToInt(SelectorCounters::pausedConnections).sum(),
                () -> reactors.stream().mapToLong(SelectorCounters::bufferedBytes).sum(),
                () -> reactors.stream().mapToLong(SelectorCounters::maxPendingSeen).max().orElse(0),
                () -> reactors.stream().mapToLong(SelectorCounters::endsWithOutputPending).sum());
    }
}
