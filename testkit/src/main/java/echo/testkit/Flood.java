package echo.testkit;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Many clients that send and never read: non-blocking, written to from the test thread (so a stalled write never
 * blocks it), each with a small receive buffer so that the server's replies back up at once.
 */
public final class Flood implements AutoCloseable {
    private final List<SocketChannel> clients = new ArrayList<>();
    private long written;

    public static Flood connect(SocketAddress server, int count) throws IOException {
        Flood flood = new Flood();
        try {
            for (int i = 0; i < count; i++) {
                SocketChannel client = SocketChannel.open();
                flood.clients.add(client);
                client.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
                client.connect(server);
                client.configureBlocking(false);
            }
        } catch (IOException | RuntimeException e) {
            flood.close();
            throw e;
        }
        return flood;
    }

    /**
     * Writes {@code chunk} to every client, round after round, until {@code done} holds (checked between rounds);
     * fails after 120 s. A round in which nobody took a byte waits 10 ms before the next.
     */
    public void sendUntil(ByteBuffer chunk, BooleanSupplier done, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out flooding until " + what + " (" + written + " bytes written)");
            }
            if (round(chunk) == 0) {
                Thread.sleep(10);
            }
        }
    }

    /**
     * Writes {@code chunk} to every client, round after round, until three rounds in a row (100 ms apart) find
     * every client's kernel buffers full: the server takes no more from anyone. Fails after 120 s.
     */
    public void sendUntilNobodyTakesMore(ByteBuffer chunk) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        int emptyRounds = 0;
        while (emptyRounds < 3) {
            if (System.nanoTime() > deadline) {
                fail("timed out: the server still takes bytes after " + written + " (no bound?)");
            }
            if (round(chunk) == 0) {
                emptyRounds++;
                Thread.sleep(100);
            } else {
                emptyRounds = 0;
            }
        }
    }

    /** One write of {@code chunk} to every client; returns the bytes the kernels took. */
    public long round(ByteBuffer chunk) throws IOException {
        long took = 0;
        for (SocketChannel client : clients) {
            took += client.write(chunk.duplicate());
        }
        written += took;
        return took;
    }

    public long written() {
        return written;
    }

    public int size() {
        return clients.size();
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel client : clients) {
            client.close();
        }
    }
}
