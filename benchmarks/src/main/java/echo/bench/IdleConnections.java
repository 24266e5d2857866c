package echo.bench;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Many connections that send nothing: what a server pays just to hold them (threads, memory, CPU while idle).
 *
 * <p>They are opened non-blocking, a window of them at a time, and waited for with one selector: blocking
 * connects would take minutes against a server whose accept queue is full, because Linux then drops the SYN and
 * the client retries. Opening stops at a deadline, or when nothing has connected for a while, and says why.
 */
final class IdleConnections implements Closeable {
    /** Connects in flight at once: enough to be quick, few enough not to overflow the accept queue in a burst. */
    private static final int WINDOW = 512;
    /** With nothing connecting for this long, the server is not accepting any more. */
    private static final Duration STALL = Duration.ofSeconds(3);

    private final Selector selector;
    private final List<SocketChannel> open = new ArrayList<>();
    private int failed;
    private String stoppedBecause;

    private IdleConnections(Selector selector) {
        this.selector = selector;
    }

    /**
     * Opens up to {@code count} connections to {@code server} within {@code limit}; {@code progress} hears the
     * number open now and then. Never throws for a connection that fails: it is counted in {@link #failed()}.
     */
    static IdleConnections open(SocketAddress server, int count, Duration limit, IntConsumer progress)
            throws IOException {
        IdleConnections connections = new IdleConnections(Selector.open());
        try {
            connections.connect(server, count, limit, progress);
            return connections;
        } catch (IOException | RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    private void connect(SocketAddress server, int count, Duration limit, IntConsumer progress) throws IOException {
        long start = System.nanoTime();
        long deadline = start + limit.toNanos();
        long lastConnected = start;
        long lastReport = start;
        int started = 0;
        int inFlight = 0;
        opening:
        while (started < count || inFlight > 0) {
            long now = System.nanoTime();
            if (now > deadline) {
                stoppedBecause = "not all connected within " + limit.toSeconds() + " s";
                break;
            }
            if (now - lastConnected > STALL.toNanos()) {
                stoppedBecause = "no connection completed for " + STALL.toSeconds()
                        + " s: the server stopped accepting";
                break;
            }
            boolean queueFull = false;
            for (; started < count && inFlight < WINDOW; started++) {
                SocketChannel channel = null;
                try {
                    channel = server instanceof UnixDomainSocketAddress
                            ? SocketChannel.open(StandardProtocolFamily.UNIX)
                            : SocketChannel.open();
                    channel.configureBlocking(false);
                    if (channel.connect(server)) { // a Unix domain socket connects at once, or not at all
                        channel.register(selector, 0);
                        open.add(channel);
                        lastConnected = System.nanoTime();
                    } else {
                        channel.register(selector, SelectionKey.OP_CONNECT);
                        inFlight++;
                    }
                } catch (IOException e) {
                    if (channel != null) {
                        channel.close();
                    }
                    String why = String.valueOf(e.getMessage());
                    if (why.contains("temporarily unavailable")) {
                        // A Unix domain socket whose accept queue is full says "try again" (EAGAIN) instead of
                        // queueing the connect: try this one again after a pause, and let the server catch up.
                        queueFull = true;
                        break;
                    }
                    failed++;
                    if (why.contains("Too many open files") || why.contains("Cannot assign requested address")) {
                        // A limit of this machine, not of the server: the next connects would fail the same way.
                        stoppedBecause = "the client side hit a limit: " + why;
                        break opening;
                    }
                }
            }
            selector.select(queueFull && inFlight == 0 ? 10 : 100);
            Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
            while (ready.hasNext()) {
                SelectionKey key = ready.next();
                ready.remove();
                SocketChannel channel = (SocketChannel) key.channel();
                inFlight--;
                try {
                    channel.finishConnect();
                    key.interestOps(0); // idle from now on: we never read or write
                    open.add(channel);
                    lastConnected = System.nanoTime();
                } catch (IOException refusedOrReset) {
                    failed++;
                    key.cancel();
                    channel.close();
                }
            }
            if (now - lastReport > Duration.ofSeconds(1).toNanos()) {
                progress.accept(open.size());
                lastReport = now;
            }
        }
        // Connects still in flight at the deadline: give them up.
        for (SelectionKey key : selector.keys()) {
            if (key.isValid() && (key.interestOps() & SelectionKey.OP_CONNECT) != 0) {
                key.channel().close();
                failed++;
            }
        }
        if (stoppedBecause == null && failed > 0) {
            stoppedBecause = failed + " of " + count + " connects were refused or reset";
        }
    }

    /** Connections established. */
    int established() {
        return open.size();
    }

    /** Connections refused, reset while connecting, or given up on. */
    int failed() {
        return failed;
    }

    /** Why opening stopped before every connection was made, or null. */
    String stoppedBecause() {
        return stoppedBecause;
    }

    /**
     * How many of the established connections the server has since closed (a pool that refuses what it cannot
     * queue, say). A closed connection is readable (end of stream or a reset) without blocking; an open, idle one
     * is not.
     */
    int closedByServer() throws IOException {
        for (SocketChannel channel : open) {
            channel.keyFor(selector).interestOps(SelectionKey.OP_READ);
        }
        selector.selectNow();
        int closed = 0;
        ByteBuffer scratch = ByteBuffer.allocate(1);
        for (SelectionKey key : selector.selectedKeys()) {
            try {
                scratch.clear();
                if (((SocketChannel) key.channel()).read(scratch) < 0) {
                    closed++;
                }
            } catch (IOException reset) {
                closed++;
            }
        }
        selector.selectedKeys().clear();
        for (SocketChannel channel : open) {
            channel.keyFor(selector).interestOps(0);
        }
        return closed;
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel channel : open) {
            channel.close();
        }
        open.clear();
        selector.close();
    }
}
