package echo.selector;

import echo.common.OpenConnections;
import echo.common.ServerConfig;
import echo.testkit.LogCapture;
import echo.testkit.SelectorThreads;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The {@link Reactor} on its own, fed connections the test accepted itself: what chapter 09 does with it, tested
 * here in the chapter that teaches it. Pitfall 7 (a connection handed over from another thread while the loop is
 * asleep in select() is served, because it is queued and the selector woken), pitfall 4 in the loop (a key
 * cancelled after select() returned is skipped), and the shutdown (what is still queued is closed too; closing the
 * server ends the reactor thread and frees the port).
 *
 * <p>Where a test needs the loop to be somewhere, it does not sleep and hope: it waits until the loop thread is in
 * select()'s native wait ({@link SelectorThreads}), or holds the loop inside a processor on a latch.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ReactorTest {
    private static final String ID = "test-05-reactor";
    private static final SocketAddress ADDRESS = new InetSocketAddress(InetAddress.getLoopbackAddress(), 20000);

    private final SelectorCounters counters = new SelectorCounters();

    private Reactor reactor(Supplier<? extends Processor> processors) throws IOException {
        return new Reactor(ServerConfig.defaults().withPort(0), ADDRESS, ID, "echo-" + ID, processors, counters);
    }

    @Test
    void aConnectionHandedOverWhileTheLoopSleepsInSelectIsServed() throws Exception {
        Reactor reactor = reactor(() -> Processor.RAW_ECHO);
        reactor.start();
        try (Connections connections = new Connections()) {
            for (int i = 0; i < 2; i++) {
                SelectorThreads.awaitAsleepInSelect(reactor.thread()); // nothing can wake it but a wakeup()
                Connections.Pair pair = connections.open();
                pair.client().write(("hello " + i).getBytes()); // waiting before the reactor even knows the channel
                reactor.register(pair.served()); // from this thread, not the reactor's
                assertArrayEquals(("hello " + i).getBytes(), pair.client().read(7),
                        "queued for the reactor's thread, and the selector woken to register it");
                assertEquals(0, reactor.waitingToBeRegistered());
            }
            assertEquals(2, counters.openConnections());
            reactor.close();
            assertFalse(reactor.thread().isAlive(), "close() ends the loop and joins its thread");
            for (Connections.Pair pair : connections.pairs) {
                assertEquals(0, pair.client().bytesUntilClosed(), "every connection closed as the reactor stopped");
            }
        } finally {
            reactor.close();
        }
    }

    @Test
    void aConnectionStillQueuedWhenTheReactorStopsIsClosedToo() throws Exception {
        Blocker blocker = new Blocker();
        Reactor reactor = reactor(() -> blocker);
        reactor.start();
        try (Connections connections = new Connections()) {
            Connections.Pair held = connections.open();
            reactor.register(held.served());
            held.client().write("x".getBytes());
            blocker.awaitEntered(); // the loop is inside process(): it cannot register anything now

            Connections.Pair queued = connections.open();
            reactor.register(queued.served());
            assertEquals(1, reactor.waitingToBeRegistered());
            Thread closer = new Thread(reactor::close, "test-05-closer");
            closer.start();
            awaitJoining(closer); // close() has set `closing` and woken the selector; it waits for the loop
            blocker.release(); // the loop returns from process(), sees `closing`, and shuts down

            closer.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(closer.isAlive() || reactor.thread().isAlive(), "the reactor stopped");
            assertEquals(0, reactor.waitingToBeRegistered());
            assertEquals(0, queued.client().bytesUntilClosed(), "the queued connection was closed, not leaked");
            assertEquals(1, held.client().bytesUntilClosed(), "the held one got its echo, then its end");
        } finally {
            blocker.release();
            reactor.close();
        }
    }

    /**
     * Two connections ready in the same select(); whichever is dispatched first closes the other's channel, which
     * cancels its key while it is still in the selected set. Without {@code key.isValid()} before the dispatch,
     * the second Handler asks its cancelled key whether it is readable: {@code CancelledKeyException}, logged as a
     * bug (a WARNING with a stack trace).
     */
    @Test
    void aKeyCancelledAfterSelectReturnedIsSkipped() throws Exception {
        Blocker blocker = new Blocker();
        SocketChannel[] served = new SocketChannel[2];
        AtomicInteger made = new AtomicInteger();
        Supplier<Processor> processors = () -> {
            int n = made.getAndIncrement();
            if (n == 0) {
                return blocker;
            }
            SocketChannel other = served[n == 1 ? 1 : 0];
            return (input, reply) -> {
                reply.send(input);
                OpenConnections.closeQuietly(other); // a bug, or "kick that user": another connection goes now
            };
        };
        try (LogCapture log = new LogCapture(ID).attach(); Connections connections = new Connections()) {
            Reactor reactor = reactor(processors);
            reactor.start();
            try {
                Connections.Pair held = connections.open();
                reactor.register(held.served());
                held.client().write("x".getBytes());
                blocker.awaitEntered(); // the loop is held: what follows is registered by the same later pass

                Connections.Pair a = connections.open();
                Connections.Pair b = connections.open();
                served[0] = a.served();
                served[1] = b.served();
                a.client().write("a".getBytes());
                a.client().shutdownOutput(); // so that the one served closes once it has echoed
                b.client().write("b".getBytes());
                b.client().shutdownOutput();
                awaitReadable(a.served());
                awaitReadable(b.served()); // both have data: the select() after their registration reports both
                reactor.register(a.served());
                reactor.register(b.served());
                blocker.release();

                int echoed = a.client().bytesUntilClosed() + b.client().bytesUntilClosed();
                assertEquals(1, echoed, "the first dispatched echoes its byte and closes the other, unread");
            } finally {
                blocker.release();
                reactor.close(); // joins the loop: whatever it logged is in the capture
            }
            assertEquals(List.of(), log.warnings(), "the cancelled key is skipped, not dispatched");
        }
    }

    @Test
    void closingTheServerEndsTheReactorThreadAndFreesThePort() throws Exception {
        SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), ID, () -> Processor.RAW_ECHO);
        server.start();
        SocketAddress address = server.address();
        try (TestClient client = TestClient.connect(address)) {
            assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes()));
            server.close();
            assertFalse(server.reactorThread().isAlive(), "close() returns once the reactor thread has ended");
            assertEquals(0, client.bytesUntilClosed(), "and every connection was closed");
            assertThrows(ConnectException.class, () -> SocketChannel.open(address).close(),
                    "the listener is closed: a new client is refused");
        } finally {
            server.close();
        }
    }

    /** A connection that cannot be set up (here the processor factory fails) is closed; the next one is served. */
    @Test
    void aConnectionThatCannotBeSetUpIsClosedAndTheNextIsServed() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Supplier<Processor> failingOnce = () -> {
            if (made.getAndIncrement() == 0) {
                throw new IllegalStateException("no processor for you");
            }
            return Processor.RAW_ECHO;
        };
        try (LogCapture log = new LogCapture(ID).attach();
             SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), ID, failingOnce,
                     counters)) {
            server.start();
            try (TestClient first = TestClient.connect(server.address())) {
                first.write("lost".getBytes());
                assertEquals(0, first.bytesUntilClosed(), "closed at once, never served");
            }
            try (TestClient next = TestClient.connect(server.address())) {
                assertArrayEquals("next".getBytes(), next.echo("next".getBytes()), "the server goes on");
                assertEquals(1, counters.openConnections(), "the failed one was never counted as open");
            }
            assertTrue(log.records().stream().anyMatch(r -> r.getMessage().equals(
                            "could not set up an accepted connection: no processor for you")),
                    "one line says why");
        }
    }

    /** A processor that echoes, but holds the loop inside its first process() call until released. */
    private static final class Blocker implements Processor {
        private final CountDownLatch entered = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        @Override
        public void process(java.nio.ByteBuffer input, Reply reply) {
            reply.send(input);
            entered.countDown();
            try {
                if (!released.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("the test never released the loop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void awaitEntered() throws InterruptedException {
            assertTrue(entered.await(30, TimeUnit.SECONDS), "the loop never called process()");
        }

        void release() {
            released.countDown();
        }
    }

    /** Connected pairs on loopback: the test's client end and the server's end, which the test hands over. */
    private static final class Connections implements AutoCloseable {
        record Pair(TestClient client, SocketChannel served) {
        }

        private final ServerSocketChannel listener = ServerSocketChannel.open()
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final List<Pair> pairs = new java.util.ArrayList<>();

        Connections() throws IOException {
        }

        Pair open() throws IOException {
            TestClient client = TestClient.connect(listener.getLocalAddress());
            Pair pair = new Pair(client, listener.accept());
            pairs.add(pair);
            return pair;
        }

        @Override
        public void close() throws IOException {
            for (Pair pair : pairs) {
                pair.client().close();
                OpenConnections.closeQuietly(pair.served());
            }
            listener.close();
        }
    }

    /** Waits until bytes have arrived at {@code channel} (still blocking: not yet handed to the reactor). */
    private static void awaitReadable(SocketChannel channel) throws Exception {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (channel.socket().getInputStream().available() == 0) {
            assertTrue(System.nanoTime() < deadline, "the client's byte never arrived");
            Thread.sleep(1);
        }
    }

    /** Waits until {@code closer} is blocked in close()'s join (after it set `closing` and woke the selector). */
    private static void awaitJoining(Thread closer) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (closer.getState() != Thread.State.WAITING && closer.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(System.nanoTime() < deadline, "close() never reached its join");
            Thread.sleep(1);
        }
    }
}
