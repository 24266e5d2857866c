package echo.multireactor;

import echo.common.EchoServer;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;
import echo.selector.Processor;
import echo.selector.Reactor;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Chapter 09: Doug Lea's "multiple reactors" ("Scalable IO in Java"). One reactor only accepts (Lea's
 * mainReactor); it hands each new connection, in turn, to one of N reactors (his subReactors), each a thread with
 * a Selector of its own, which serves that connection for the rest of its life. The loop, the Handler and the
 * Processor are chapter 05's {@link Reactor}, unchanged: N loops instead of one, so N cores instead of one.
 */
public final class MultiReactorServer implements EchoServer {
    private final ServerConfig config;
    private final String chapterId;
    private final Supplier<? extends Processor> processors;
    private final MultiReactorEvents events;
    private final AtomicBoolean closing = new AtomicBoolean();
    private SocketAddress address;
    private Reactor acceptor;                   // accepts, and serves nobody
    private List<Reactor> reactors = List.of(); // serve the connections, each its own share
    private int next;                           // whose turn it is; only the acceptor's thread uses it

    /**
     * @param chapterId  names the threads ({@code echo-<chapterId>-acceptor}, {@code -reactor-0}...) and the logger
     * @param processors makes the Processor of each new connection (raw echo, or chapter 06's frames)
     */
    public MultiReactorServer(ServerConfig config, String chapterId, Supplier<? extends Processor> processors) {
        this(config, chapterId, processors, MultiReactorEvents.NONE);
    }

    /** @param events told of what each loop does and of each hand-over ({@link MultiReactorCounters} counts) */
    public MultiReactorServer(ServerConfig config, String chapterId, Supplier<? extends Processor> processors,
                              MultiReactorEvents events) {
        this.config = config;
        this.chapterId = chapterId;
        this.processors = processors;
        this.events = events;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(acceptor, closing.get()); // once (EchoServer's contract): again, it would leak a listener
        ServerSocketChannel listener = Net.listenChannel(config);
        address = listener.getLocalAddress();
        List<Reactor> opened = new ArrayList<>();
        try {
            for (int i = 0; i < config.reactors(); i++) {
                opened.add(new Reactor(config, address, chapterId, "echo-" + chapterId + "-reactor-" + i, processors,
                        events.reactor(i)));
            }
            // The acceptor is a reactor of its own, not reactor 0: a connection that keeps reactor 0 busy then
            // delays only reactor 0's connections, never the accepting of new ones (Netty's boss group likewise).
            Reactor accepting = new Reactor(config, address, chapterId, "echo-" + chapterId + "-acceptor", processors,
                    events.acceptor());
            opened.add(accepting);
            accepting.accept(listener, this::handOff);
        } catch (IOException e) {
            opened.forEach(Reactor::close); // not started: each releases its selector
            OpenConnections.closeQuietly(listener);
            Net.removeSocketFile(address);
            throw e;
        }
        reactors = List.copyOf(opened.subList(0, config.reactors()));
        acceptor = opened.get(config.reactors());
        reactors.forEach(Reactor::start);
        acceptor.start();
    }

    /** On the acceptor's thread: the next reactor in turn gets the connection, for the rest of its life. */
    private void handOff(SocketChannel channel) {
        int k = next;
        next = (next + 1) % reactors.size(); // round robin: N connections, one each
        events.handedOver(channel, k);
        reactors.get(k).register(channel); // from another thread: queued for that reactor, and its select() woken
    }

    @Override
    public SocketAddress address() {
        return Net.requireStarted(address);
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true) || acceptor == null) {
            return; // closed already, or never started (a failed start() cleaned up after itself)
        }
        // The acceptor first: once it has stopped, nobody hands a reactor a connection it would not close.
        acceptor.close();
        for (Reactor reactor : reactors) {
            reactor.close(); // closes its connections, joins its thread
        }
    }

    // ---- what tests can see of its structure ------------------------------------------------------------------

    /** The reactors that serve connections, in hand-off order (each one's thread). */
    public List<Reactor> reactors() {
        return reactors;
    }

    /** The reactor that accepts, and serves no connection. */
    public Reactor acceptor() {
        return acceptor;
    }
}
