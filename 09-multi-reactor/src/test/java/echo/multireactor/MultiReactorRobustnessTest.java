package echo.multireactor;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.selector.Processor;
import echo.selector.Reactor;
import echo.testkit.NonBlockingRobustnessContract;

import java.io.IOException;
import java.util.List;

/** A never-reader, a slow reader, half-close with output pending, 1,000 idle connections: on three reactors. */
class MultiReactorRobustnessTest extends NonBlockingRobustnessContract {

    @Override
    protected EchoServer start(ServerConfig config) throws IOException {
        MultiReactorServer server = new MultiReactorServer(config.withReactors(3), MultiReactorChapter.ID,
                () -> Processor.RAW_ECHO);
        server.start();
        return server;
    }

    @Override
    protected Probe probe(EchoServer server) {
        return summed(((MultiReactorServer) server).reactors());
    }

    /** The server's counters: each reactor counts its own connections; the server's are their sum (or max). */
    static Probe summed(List<Reactor> reactors) {
        return new Probe() {
            @Override
            public int openConnections() {
                return reactors.stream().mapToInt(Reactor::openConnections).sum();
            }

            @Override
            public int pausedConnections() {
                return reactors.stream().mapToInt(Reactor::pausedConnections).sum();
            }

            @Override
            public long bufferedBytes() {
                return reactors.stream().mapToLong(Reactor::bufferedBytes).sum();
            }

            @Override
            public long maxPendingSeen() {
                return reactors.stream().mapToLong(Reactor::maxPendingSeen).max().orElse(0);
            }

            @Override
            public long endsWithOutputPending() {
                return reactors.stream().mapToLong(Reactor::endsWithOutputPending).sum();
            }
        };
    }
}
