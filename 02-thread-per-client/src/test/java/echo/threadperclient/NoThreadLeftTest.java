package echo.threadperclient;

import echo.common.EchoServer;
import echo.common.ServerConfig;
import echo.testkit.LogCapture;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When no thread can be started ("unable to create native thread", the failure this chapter warns about), the
 * server refuses that one client, says so once, and keeps accepting. The first thread the factory makes fails to
 * start, as the JVM's would when the process is out of threads.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoThreadLeftTest {

    @Test
    void aClientThatGetsNoThreadIsRefusedAndTheNextIsServed() throws Exception {
        AtomicInteger made = new AtomicInteger();
        ThreadFactory firstCannotStart = task -> made.incrementAndGet() == 1
                ? new Thread(task) {
                    @Override
                    public void start() {
                        throw new OutOfMemoryError("unable to create native thread: possibly out of memory (test)");
                    }
                }
                : new Thread(task, ThreadsGrowWithClientsTest.HANDLER_PREFIX + made.get());
        try (LogCapture log = new LogCapture(ThreadPerClientChapter.ID).attach()) {
            ThreadPerClientWatcher watcher = new ThreadPerClientWatcher(echo.common.Trace.OFF);
            EchoServer server = new ThreadPerClientServer(ServerConfig.defaults().withPort(0),
                    ThreadPerClientChapter.ID, firstCannotStart, watcher);
            server.start();
            try (TestClient refused = TestClient.connect(server.address());
                 TestClient next = TestClient.connect(server.address())) {
                refused.write("no thread for me".getBytes());
                assertEquals(0, refused.bytesUntilClosed(), "no thread: closed by the server, nothing echoed");
                assertArrayEquals("next".getBytes(), next.echo("next".getBytes()), "the server goes on accepting");

                // The acceptor logs the refusal before it accepts `next`, so the line is there by now.
                String who = refused.channel().getLocalAddress().toString();
                assertEquals(1, log.records().stream().filter(r -> r.getLevel() == Level.WARNING
                        && r.getMessage().contains(who) && r.getMessage().contains("cannot start another thread"))
                        .count(), "one WARNING naming the client and the reason");
                assertEquals(1, watcher.refusedTotal(), "and one refusal event");
                assertEquals(1, watcher.open(), "the refused client is not counted open; `next` is");
                assertTrue(log.records().stream().noneMatch(r -> r.getLevel() == Level.SEVERE),
                        "the failure to start a thread is not an error of the server");
            } finally {
                server.close();
            }
        }
    }
}
