package echo.selector;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * The recipe's bug, which this chapter avoids, isolated: one idle connection registered for OP_READ | OP_WRITE all
 * the time, as many selector tutorials do (Python's {@code sel.register(conn, EVENT_READ | EVENT_WRITE)}).
 * Test code only; the chapter's server never does this.
 */
final class RecipesLoop implements AutoCloseable {
    final ServerSocketChannel listener;
    final SocketChannel client;
    final SocketChannel connection;
    final Selector selector;
    final SelectionKey key;

    RecipesLoop() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        client = SocketChannel.open(listener.getLocalAddress());
        connection = listener.accept();
        connection.configureBlocking(false);
        selector = Selector.open();
        key = connection.register(selector, SelectionKey.OP_READ | SelectionKey.OP_WRITE);
    }

    /** The recipe's loop with nothing to do: select, look at the ready keys, find nothing to send, repeat. */
    void spin(java.util.function.BooleanSupplier until, java.util.concurrent.atomic.LongAdder wakeups) {
        try {
            while (!until.getAsBoolean()) {
                selector.select(); // returns at once: a socket with room in its send buffer is always writable
                wakeups.increment();
                selector.selectedKeys().clear();
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        selector.close();
        connection.close();
        client.close();
        listener.close();
    }
}
