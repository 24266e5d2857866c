package echo.async;

import echo.testkit.TestClient;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waiting for a state the server reaches on its own (bounded), and naming the group's threads. */
final class Await {
    static final String GROUP_THREAD = "echo-" + AsyncChapter.ID + "-group-";

    private Await() {
    }

    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out: " + what);
            }
            Thread.sleep(10);
        }
    }

    /**
     * Reads exactly {@code n} bytes from a non-blocking channel, waiting (bounded) for each to arrive; fails with
     * how many did if the connection ends or goes quiet for {@link TestClient#TIMEOUT}.
     */
    static byte[] read(SocketChannel channel, int n) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n);
        try (Selector readable = Selector.open()) {
            channel.register(readable, SelectionKey.OP_READ);
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer);
                if (read < 0) {
                    fail("the server closed the connection after " + buffer.position() + " of " + n + " bytes");
                }
                if (read == 0 && readable.select(TestClient.TIMEOUT.toMillis()) == 0) {
                    fail("nothing more arrived after " + buffer.position() + " of " + n + " bytes");
                }
                readable.selectedKeys().clear();
            }
        }
        return buffer.array();
    }

    /** The server's group threads alive right now. */
    static List<Thread> groupThreads() {
        return threadsNamed(GROUP_THREAD);
    }

    /**
     * The group threads alive right now of a server started with {@code chapterId}: a test that gives its server
     * an id of its own sees only that server's threads, not the last ones of another test's server, still ending.
     */
    static List<Thread> groupThreads(String chapterId) {
        return threadsNamed("echo-" + chapterId + "-group-");
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(thread -> thread.getName().startsWith(prefix))
                .toList();
    }
}
