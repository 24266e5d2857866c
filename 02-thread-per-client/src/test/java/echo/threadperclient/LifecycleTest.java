package echo.threadperclient;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.BlockingLifecycleContract;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;

import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start and stop: no address before start(); close() ends a connected client's session, warns about nothing, waits. */
class LifecycleTest extends BlockingLifecycleContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPerClientChapter();
    }

    /**
     * close() waits for the acceptor before it closes the connections (the README: "after that no new handler can
     * appear"). Here the acceptor is held inside its "accepted" event, with a client in hand, when close() begins:
     * close() must not return while it is held. The hold ends by itself after 2 s, or when close() has returned.
     */
    @Test
    void closeWaitsForAnAcceptorStillHandingOutAConnection() throws Exception {
        CountDownLatch inAccepted = new CountDownLatch(1);
        CountDownLatch closeReturned = new CountDownLatch(1);
        AtomicReference<Thread> acceptor = new AtomicReference<>();
        ThreadPerClientEvents heldAcceptor = new ThreadPerClientEvents() {
            @Override
            public void accepted(Socket client) {
                acceptor.set(Thread.currentThread());
                inAccepted.countDown();
                try {
                    closeReturned.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        EchoServer server = new ThreadPerClientServer(ServerConfig.defaults().withPort(0), heldAcceptor);
        server.start();
        try (TestClient client = TestClient.connect(server.address())) {
            assertTrue(inAccepted.await(TestClient.TIMEOUT.toSeconds(), TimeUnit.SECONDS), "the acceptor took the client");
            server.close();
            boolean acceptorAlive = acceptor.get().isAlive();
            closeReturned.countDown();
            assertFalse(acceptorAlive, "close() returned while the acceptor was still handing out a connection");
            assertEquals(0, client.bytesUntilClosed(), "the connection accepted in the last instant is closed too");
        } finally {
            closeReturned.countDown();
            server.close();
        }
    }
}
