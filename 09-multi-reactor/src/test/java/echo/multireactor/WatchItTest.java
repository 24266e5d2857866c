package echo.multireactor;

import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's "Watch it" scenario, with the trace captured: three clients on two reactors. The acceptor's thread
 * accepts each and hands it to reactor 0, 1, 0 in turn; that reactor's thread registers it and serves every
 * read and write of it from then on.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String ID = MultiReactorChapter.ID;

    @Test
    void connectionsLandOnTheReactorsInTurn() throws Exception {
        try (TracedServer watched = TracedServer.start(new MultiReactorChapter(),
                ServerConfig.defaults().withPort(0).withReactors(2))) {
            TraceCapture trace = watched.trace();
            List<TestClient> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                TestClient client = watched.connect();
                clients.add(client);
                assertArrayEquals(("c" + i).getBytes(), client.echo(("c" + i).getBytes()));
            }
            for (int i = 0; i < 3; i++) {
                String name = TracedServer.name(clients.get(i));
                int k = i % 2;
                // Reactor k sleeps in select() with nothing ready: the acceptor's wakeup() makes it return
                // with 0 keys, so that it registers the connection queued for it.
                List<Trace.Line> lines = trace.awaitInOrder("accepted " + name + ", handed to reactor " + k,
                        "select() woke: 0 ready", "accepted " + name + ", OP_READ", "read 2 bytes from " + name,
                        "wrote 2 bytes to " + name);
                assertEquals("echo-" + ID + "-acceptor", lines.get(0).thread(), "the acceptor accepts");
                for (Trace.Line line : lines.subList(1, 5)) {
                    assertEquals("echo-" + ID + "-reactor-" + k, line.thread(), "reactor " + k + " serves " + name);
                }
            }
            assertEquals(1, trace.count("accepted 127.0.0.1:" + ((java.net.InetSocketAddress)
                    clients.get(2).channel().getLocalAddress()).getPort() + ", OP_READ (open: 2)"),
                    "the third is reactor 0's second: " + trace.dump());
        }
    }
}
