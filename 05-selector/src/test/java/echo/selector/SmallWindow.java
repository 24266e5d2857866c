package echo.selector;

import echo.common.ServerConfig;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;

/**
 * A raw echo server that never pauses reading (maxPendingBytes 64 MiB) and one client with a 4 KiB receive window
 * that has sent it 4 MiB without reading: well below the bound, so the server reads all of it (and an end of input
 * after it); well above what the window and a fresh send buffer hold, so most of the echo waits in the server.
 */
final class SmallWindow implements AutoCloseable {
    final SelectorServer server;
    final SelectorCounters counts; // what the server tells: the figures the tests read
    final SocketChannel client;
    final byte[] sent = new byte[4 << 20];

    private SmallWindow(SelectorServer server, SelectorCounters counts, SocketChannel client) {
        this.server = server;
        this.counts = counts;
        this.client = client;
    }

    static SmallWindow sendWithoutReading(long seed) throws IOException {
        ServerConfig config = ServerConfig.defaults().withPort(0).withMaxPendingBytes(64 << 20);
        SelectorCounters counts = new SelectorCounters();
        SelectorServer server = new SelectorServer(config, SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
        SocketChannel client = SocketChannel.open();
        SmallWindow connection = new SmallWindow(server, counts, client);
        try {
            server.start();
            client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
            client.connect(server.address());
            new Random(seed).nextBytes(connection.sent);
            client.write(ByteBuffer.wrap(connection.sent)); // returns once the server has read it all (no pause)
            return connection;
        } catch (IOException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            client.close();
        } finally {
            server.close();
        }
    }
}
