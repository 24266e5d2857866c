package echo.udp;

import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.Net;
import echo.common.OpenConnections;
import echo.common.ServerConfig;
import echo.common.Threads;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Side chapter a1: echo over UDP. One socket, one thread, one loop: receive a datagram from anyone, send it back
 * to whoever sent it. There is no accept, no connection and nothing kept per client: each datagram carries its
 * sender's address, and that is all the server needs.
 *
 * <p>Python's {@code socketserver.UDPServer} works exactly like this.
 */
public final class UdpServer implements EchoServer {
    private static final System.Logger LOG = Logs.logger(UdpChapter.ID);

    private final ServerConfig config;
    private final UdpEvents events; // what --trace, --stats and tests see (DESIGN.md, tracing)
    private DatagramChannel channel;
    private Thread serverThread;
    private volatile boolean closed;

    public UdpServer(ServerConfig config) {
        this(config, UdpEvents.NONE);
    }

    public UdpServer(ServerConfig config, UdpEvents events) {
        this.config = config;
        this.events = events;
    }

    @Override
    public void start() throws IOException {
        Net.requireNotStarted(channel, closed); // once (EchoServer's contract): again, it would leak a listener
        channel = DatagramChannel.open();
        try {
            Net.bind(config, channel::bind); // no listen(): a bound datagram socket already receives
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        serverThread = new Thread(this::serveForever, "echo-" + UdpChapter.ID + "-server");
        serverThread.start();
    }

    private void serveForever() {
        int largest = config.readBufferSize();
        // One byte more than the largest datagram we take. receive() puts what fits in the buffer and the kernel
        // throws the rest of the datagram away without a word (Java exposes no MSG_TRUNC flag), so a datagram
        // that fills this spare byte too is the only sign that it was larger.
        ByteBuffer buffer = ByteBuffer.allocate(largest + 1);
        while (!closed) {
            buffer.clear();
            SocketAddress sender;
            try {
                sender = channel.receive(buffer); // blocks until a datagram arrives, from anyone
            } catch (ClosedChannelException e) {
                return; // close() closed the socket under us
            } catch (IOException e) {
                LOG.log(WARNING, "receive failed: " + e.getMessage());
                continue;
            }
            buffer.flip();
            events.received(sender, buffer);
            if (buffer.remaining() > largest) {
                LOG.log(INFO, "datagram from " + sender + " is larger than " + largest
                        + " bytes: echoing only its first " + largest);
                buffer.limit(largest);
                events.truncated(sender, largest);
            } else if (LOG.isLoggable(DEBUG)) {
                LOG.log(DEBUG, buffer.remaining() + " bytes from " + sender);
            }
            try {
                int sent = channel.send(buffer, sender); // one datagram back: its boundaries are kept, no framing needed
                events.echoed(sender, sent);
            } catch (IOException e) {
                LOG.log(INFO, "could not answer " + sender + ": " + e.getMessage());
                events.notAnswered(sender);
            }
        }
    }

    @Override
    public SocketAddress address() {
        try {
            return Net.requireStarted(channel).getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("closed", e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (channel != null) {
            OpenConnections.closeQuietly(channel); // wakes receive() with an exception
        }
        Threads.join(serverThread);
    }
}
