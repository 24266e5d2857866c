package echo.selector;

import echo.common.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Thousands of connections, one thread. 5,000 is what one test JVM can hold (each connection is two file
 * descriptors here, the client's and the server's; the limit is 20,000); the benchmarks hold 10,000 from another
 * process. The clients are plain blocking sockets, one descriptor each.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here
    private static final int CONNECTIONS = 5_000;
    private SelectorServer server;
    private final List<Socket> clients = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void fiveThousandConnectionsEachEchoOnOneThread() throws Exception {
        server = new SelectorServer(ServerConfig.defaults().withPort(0).withBacklog(4096), SelectorChapter.ID,
                () -> Processor.RAW_ECHO, counts);
        server.start();
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket client = new Socket();
            clients.add(client);
            client.connect((InetSocketAddress) server.address(), 30_000);
            client.setSoTimeout(30_000);
            client.setTcpNoDelay(true);
        }
        // Every connection is open at once; each now echoes, the first and the last alike.
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket client = clients.get(i);
            new DataOutputStream(client.getOutputStream()).writeInt(i);
            assertEquals(i, new DataInputStream(client.getInputStream()).readInt(), "connection " + i);
        }
        assertEquals(CONNECTIONS, counts.openConnections());
        List<String> serverThreads = Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith("echo-" + SelectorChapter.ID))
                .toList();
        assertEquals(List.of("echo-05-selector-reactor"), serverThreads, "one thread serves them all");
    }
}
