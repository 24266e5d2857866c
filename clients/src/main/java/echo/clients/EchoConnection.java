package echo.clients;

import echo.common.Frames;
import echo.common.Protocol;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One client connection doing synchronous ping-pong: write a message, read the <em>whole</em> reply, check every
 * byte. The load client runs one per thread, and so does each JMH benchmark thread.
 *
 * <p>Each message carries its sequence number in its first bytes, so a reply to an older message (or another
 * connection's) is caught as a wrong byte, not counted as a success. The rest is random bytes, fixed per
 * connection, so a server that echoes "something of the right length" does not pass either.
 *
 * <p>Reading the whole reply matters: a read returns whatever has arrived, which for a 64 KiB message is often
 * a part of it. A benchmark that counts one read as one echo (a classic mistake) overcounts.
 */
public abstract sealed class EchoConnection implements Closeable {
    /** The largest payload one UDP datagram can carry over IPv4: 65,535 − 8 (UDP header) − 20 (IP header). */
    public static final int MAX_DATAGRAM_PAYLOAD = 65_507;

    private static final int SEQUENCE_BYTES = Long.BYTES;

    private final int payloadSize;
    private long sequence;

    private EchoConnection(int payloadSize) {
        this.payloadSize = payloadSize;
    }

    /**
     * Connects to {@code target}; {@code payloadSize} bytes go in each message (a framed message adds its 4-byte
     * header). {@code timeout} bounds the connect and, for datagrams, the wait for each reply.
     */
    public static EchoConnection open(Target target, int payloadSize, Duration timeout) throws IOException {
        if (payloadSize < 0) {
            throw new IllegalArgumentException("payload size must not be negative, got " + payloadSize);
        }
        return switch (target.protocol()) {
            case RAW, FRAMED -> new Stream(target, payloadSize, timeout);
            case DATAGRAM -> new Datagram(target, payloadSize, timeout);
        };
    }

    /**
     * Sends the next message and waits for its whole echo.
     *
     * @return -1 when every byte came back right, else the offset (in the payload) of the first wrong byte
     * @throws IOException the connection is unusable: closed, reset, or out of step (a framed reply announced
     *                     another length); for datagrams, a {@link SocketTimeoutException} when no reply came
     *                     (UDP may lose datagrams; the connection stays usable)
     */
    public abstract int roundTrip() throws IOException;

    /** Bytes of payload in each message. */
    public int payloadSize() {
        return payloadSize;
    }

    /** Bytes each message takes on the wire one way (the payload, plus the header when framed). */
    public abstract int messageBytes();

    /** Closes the connection; a round trip blocked in another thread then fails with an IOException. */
    @Override
    public abstract void close();

    /** Random bytes, the same for every message of this connection. */
    static byte[] randomPayload(int size) {
        byte[] payload = new byte[size];
        new SplittableRandom(size * 31L + System.nanoTime()).nextBytes(payload);
        return payload;
    }

    /** Puts the next sequence number (as many of its low bytes as fit) at the start of the payload. */
    final void stampNextSequence(ByteBuffer buffer, int payloadOffset) {
        long stamp = ++sequence;
        int n = Math.min(SEQUENCE_BYTES, payloadSize);
        for (int i = n - 1; i >= 0; i--) {
            buffer.put(payloadOffset + i, (byte) stamp);
            stamp >>>= 8;
        }
    }

    /** A TCP or Unix domain socket connection, raw or framed. */
    static final class Stream extends EchoConnection {
        private final SocketChannel channel;
        private final boolean framed;
        private final int headerBytes;
        // Direct buffers: the channel reads and writes them without an extra copy, and mismatch() is vectorised.
        private final ByteBuffer request;
        private final ByteBuffer reply;

        Stream(Target target, int payloadSize, Duration timeout) throws IOException {
            super(payloadSize);
            this.framed = target.protocol() == Protocol.FRAMED;
            this.headerBytes = framed ? Frames.HEADER_BYTES : 0;
            this.request = ByteBuffer.allocateDirect(headerBytes + payloadSize);
            this.reply = ByteBuffer.allocateDirect(headerBytes + payloadSize);
            if (framed) {
                request.put(Frames.encode(randomPayload(payloadSize)));
            } else {
                request.put(randomPayload(payloadSize));
            }
            this.channel = Connect.open(target.address(), timeout);
        }

        @Override
        public int roundTrip() throws IOException {
            stampNextSequence(request, headerBytes);
            request.clear();
            while (request.hasRemaining()) {
                channel.write(request); // blocking: returns once the kernel took it all, or fails
            }
            reply.clear();
            if (framed) {
                readAtLeast(headerBytes);
                int announced = reply.getInt(0);
                if (announced != payloadSize()) {
                    // Past this point we no longer know where the next frame starts: the connection is done.
                    throw new ProtocolException("reply frame announced " + Integer.toUnsignedString(announced)
                            + " bytes, expected " + payloadSize());
                }
            }
            readAtLeast(reply.capacity());
            reply.flip();
            request.clear();
            int wrong = request.mismatch(reply);
            return wrong < 0 ? -1 : wrong - headerBytes;
        }

        /** Reads until the reply buffer holds at least {@code bytes}; a reply is never taken from one read. */
        private void readAtLeast(int bytes) throws IOException {
            while (reply.position() < bytes) {
                if (channel.read(reply) < 0) {
                    throw new EOFException("server closed the connection after " + reply.position() + " of "
                            + reply.capacity() + " reply bytes");
                }
            }
        }

        @Override
        public int messageBytes() {
            return request.capacity();
        }

        @Override
        public void close() {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing left to tell the server.
            }
        }
    }

    /** A UDP "connection": a socket that sends to, and only accepts replies from, one server address. */
    static final class Datagram extends EchoConnection {
        private final DatagramSocket socket;
        private final ByteBuffer request;
        private final byte[] reply;
        private final DatagramPacket requestPacket;
        private final DatagramPacket replyPacket;
        private final Duration timeout;

        Datagram(Target target, int payloadSize, Duration timeout) throws IOException {
            super(payloadSize);
            if (payloadSize > MAX_DATAGRAM_PAYLOAD) {
                throw new IllegalArgumentException("a UDP datagram carries at most " + MAX_DATAGRAM_PAYLOAD
                        + " bytes, not " + payloadSize);
            }
            this.timeout = timeout;
            byte[] payload = randomPayload(payloadSize);
            this.request = ByteBuffer.wrap(payload);
            this.reply = new byte[payloadSize + 1]; // one spare byte shows a reply that is too long
            this.socket = new DatagramSocket(); // any local address: the route to the server picks it
            this.socket.connect(target.address());
            this.socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
            this.requestPacket = new DatagramPacket(payload, payloadSize);
            this.replyPacket = new DatagramPacket(reply, reply.length);
        }

        @Override
        public int roundTrip() throws IOException {
            stampNextSequence(request, 0);
            socket.send(requestPacket);
            replyPacket.setLength(reply.length);
            try {
                socket.receive(replyPacket);
            } catch (SocketTimeoutException e) {
                throw new SocketTimeoutException("no reply within " + timeout.toMillis() / 1000.0
                        + " s (UDP may lose datagrams)");
            }
            int wrong = Arrays.mismatch(request.array(), 0, payloadSize(), reply, 0, replyPacket.getLength());
            return wrong;
        }

        @Override
        public int messageBytes() {
            return payloadSize();
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
