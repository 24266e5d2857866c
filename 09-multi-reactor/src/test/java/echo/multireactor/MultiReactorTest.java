package echo.multireactor;

import echo.common.ServerConfig;
import echo.selector.Processor;
import echo.selector.Reactor;
import echo.testkit.EchoContract;
import echo.testkit.SelectorThreads;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import static echo.testkit.NonBlockingRobustnessContract.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lesson's claims, each on a real server: a connection handed to a sleeping reactor is served (queue, then
 * wakeup()); connections are dealt out in turn and stay on their reactor; a reactor kept busy stalls its own
 * connections and only those; close() ends every connection on every reactor, and every thread.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class MultiReactorTest {
    private static final String ID = MultiReactorChapter.ID;

    /** Replies to every read with the name of the thread that served it: which reactor a connection is on. */
    private static final Processor NAMES_ITS_THREAD =
            (input, reply) -> reply.send(ByteBuffer.wrap(Thread.currentThread().getName().getBytes()));

    private static MultiReactorServer start(int reactors, Supplier<? extends Processor> processors)
            throws Exception {
        return start(reactors, processors, MultiReactorEvents.NONE);
    }

    private static MultiReactorServer start(int reactors, Supplier<? extends Processor> processors,
                                            MultiReactorEvents events) throws Exception {
        MultiReactorServer server = new MultiReactorServer(
                ServerConfig.defaults().withPort(0).withReactors(reactors), ID, processors, events);
        server.start();
        return server;
    }

    private static String reactorName(int i) {
        return "echo-" + ID + "-reactor-" + i;
    }

    /**
     * The pitfall of handing a channel to another thread's selector. Each reactor is asleep in select(), with
     * nothing to watch, when the acceptor hands it its first connection; only the wakeup() after queueing it makes
     * that reactor register it. Without it, the reactor sleeps on and the client's echo never comes.
     */
    @Test
    void aConnectionHandedToASleepingReactorIsServed() throws Exception {
        try (MultiReactorServer server = start(2, () -> Processor.RAW_ECHO)) {
            for (Reactor reactor : server.reactors()) {
                SelectorThreads.awaitAsleepInSelect(reactor.thread());
            }
            try (TestClient first = TestClient.connect(server.address());   // reactor 0
                 TestClient second = TestClient.connect(server.address())) { // reactor 1
                assertArrayEquals("one".getBytes(), first.echo("one".getBytes()));
                assertArrayEquals("two".getBytes(), second.echo("two".getBytes()));
            }
        }
    }

    /** Round robin: connection i goes to reactor i mod N, and every read it makes is served there, for life. */
    @Test
    void connectionsAreDealtOutInTurnAndStayOnTheirReactor() throws Exception {
        int reactors = 3;
        MultiReactorCounters counts = new MultiReactorCounters(reactors);
        try (MultiReactorServer server = start(reactors, () -> NAMES_ITS_THREAD, counts)) {
            List<TestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3 * reactors; i++) {
                    clients.add(TestClient.connect(server.address()));
                }
                for (int round = 0; round < 10; round++) {
                    for (int i = 0; i < clients.size(); i++) {
                        byte[] expected = reactorName(i % reactors).getBytes();
                        clients.get(i).write(new byte[] {'?'});
                        assertArrayEquals(expected, clients.get(i).read(expected.length),
                                "connection " + i + ", round " + round + ", must be served by reactor " + i % reactors);
                    }
                }
                for (int k = 0; k < reactors; k++) {
                    assertEquals(3, counts.reactor(k).openConnections(), reactorName(k) + "'s share");
                }
            } finally {
                for (TestClient client : clients) {
                    client.close();
                }
            }
        }
    }

    /**
     * A Processor that blocks reactor 0 (as a long task would). The connections on reactor 1 go on as if nothing
     * happened, new connections are still accepted (the acceptor is a thread of its own), but every connection
     * on reactor 0 waits: what breaks, and why a long task must leave the loop.
     */
    @Test
    void aBusyReactorStallsItsOwnConnectionsAndOnlyThose() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Processor blocksOnBang = (input, reply) -> {
            if (input.get(input.position()) == '!') {
                blocked.countDown();
                try {
                    release.await(); // the long task, on the reactor thread
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.send(input);
        };
        MultiReactorServer server = start(2, () -> blocksOnBang);
        try (TestClient blocker = TestClient.connect(server.address());      // reactor 0
             TestClient other = TestClient.connect(server.address())) {      // reactor 1
            assertArrayEquals("a".getBytes(), blocker.echo("a".getBytes()));
            assertArrayEquals("b".getBytes(), other.echo("b".getBytes()));
            blocker.write("!".getBytes());
            assertTrue(blocked.await(30, TimeUnit.SECONDS), "reactor 0 should be busy with the long task");
            try (TestClient neighbour = TestClient.connect(server.address());  // reactor 0, behind the task
                 TestClient newcomer = TestClient.connect(server.address())) { // reactor 1
                for (int i = 0; i < 100; i++) {
                    byte[] message = ("still served " + i).getBytes();
                    assertArrayEquals(message, other.echo(message), "reactor 1's connections go on");
                }
                assertArrayEquals("new".getBytes(), newcomer.echo("new".getBytes()), "accepting goes on");
                neighbour.write("waiting".getBytes());
                assertEquals(0, neighbour.bytesArrivingWithin(EchoContract.QUIET_WINDOW),
                        "a connection on the busy reactor waits for the task");
                release.countDown();
                assertArrayEquals("waiting".getBytes(), neighbour.read(7), "served once the task is done");
                assertArrayEquals("!".getBytes(), blocker.read(1));
            }
        } finally {
            release.countDown(); // whatever failed, the reactor must be free to stop
            server.close();
        }
    }

    /** close() ends the connections of every reactor, not only the first one's, and joins every thread. */
    @Test
    void closeEndsEveryConnectionOnEveryReactorAndEveryThread() throws Exception {
        MultiReactorServer server = start(3, () -> Processor.RAW_ECHO);
        List<TestClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                TestClient client = TestClient.connect(server.address());
                clients.add(client);
                assertArrayEquals(("c" + i).getBytes(), client.echo(("c" + i).getBytes()));
            }
            List<Thread> threads = new ArrayList<>();
            server.reactors().forEach(reactor -> threads.add(reactor.thread()));
            threads.add(server.acceptor().thread());
            InetSocketAddress address = (InetSocketAddress) server.address();

            server.close();

            for (int i = 0; i < clients.size(); i++) {
                assertEquals(0, clients.get(i).bytesUntilClosed(), "connection " + i + " should be closed");
            }
            for (Thread thread : threads) {
                assertFalse(thread.isAlive(), thread.getName() + " should have ended");
            }
            try (ServerSocket again = new ServerSocket()) {
                again.bind(address); // throws if the port were still held
            }
        } finally {
            server.close();
            for (TestClient client : clients) {
                client.close();
            }
        }
    }

    /**
     * A connection handed over to a reactor that has not registered it yet, when close() comes: the reactor, busy
     * with a long task, leaves its loop without registering it, and must close it with the others.
     */
    @Test
    void closeEndsAConnectionStillWaitingToBeRegistered() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Processor blocksOnBang = (input, reply) -> {
            if (input.get(input.position()) == '!') {
                blocked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            reply.send(input);
        };
        MultiReactorServer server = start(1, () -> blocksOnBang);
        try (TestClient blocker = TestClient.connect(server.address())) {
            blocker.write("!".getBytes());
            assertTrue(blocked.await(30, TimeUnit.SECONDS), "the reactor should be busy with the long task");
            try (TestClient waiting = TestClient.connect(server.address())) {
                await(() -> server.reactors().get(0).waitingToBeRegistered() == 1,
                        "the second connection accepted and queued for the busy reactor");
                Thread closing = new Thread(server::close, "test-close");
                closing.start();
                // close() has stopped the acceptor and is waiting for the busy reactor, which it has told to stop.
                await(() -> !server.acceptor().thread().isAlive() && closing.getState() == Thread.State.WAITING,
                        "close() waiting for the busy reactor");
                release.countDown();
                closing.join(TimeUnit.SECONDS.toMillis(30));
                assertFalse(closing.isAlive(), "close() should return once the task is done");
                assertEquals(0, waiting.bytesUntilClosed(), "the connection still in the queue must be closed");
                assertEquals(1, blocker.bytesUntilClosed(), "the blocker's echo ('!') goes out, then EOF");
            }
        } finally {
            release.countDown();
            server.close();
        }
    }
}
