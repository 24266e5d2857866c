package echo.udp;

import echo.testkit.TestClient;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A test's UDP socket, with its own port. Every wait is bounded. The tests that are not about loss must not
 * depend on there being none, so {@link #exchange} sends a datagram again when no reply came within a second,
 * as a real UDP client would; on loopback at these rates that never happens, but it is not assumed.
 */
final class UdpClient implements AutoCloseable {
    static final Duration RESEND_AFTER = Duration.ofSeconds(1);
    /** Big enough for any datagram, so the client never truncates what the server sends. */
    private static final int LARGEST_DATAGRAM = 65_536;

    private final DatagramChannel channel;
    private final Selector readable;
    private final SocketAddress server;
    private final Set<ByteBuffer> sent = new HashSet<>(); // a second reply to any of these is skipped

    UdpClient(SocketAddress server) throws IOException {
        this.server = server;
        channel = DatagramChannel.open(StandardProtocolFamily.INET); // IPv4: its size limit is what the tests show
        channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        channel.configureBlocking(false);
        readable = Selector.open();
        channel.register(readable, SelectionKey.OP_READ);
    }

    DatagramChannel channel() {
        return channel;
    }

    /** One datagram to the server. A full socket buffer (send() returning 0) counts as a loss. */
    void send(byte[] payload) throws IOException {
        sent.add(ByteBuffer.wrap(payload));
        channel.send(ByteBuffer.wrap(payload), server);
    }

    /** The next datagram from the server, or null if none arrives within {@code window}. */
    byte[] receive(Duration window) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(LARGEST_DATAGRAM);
        long deadline = System.nanoTime() + window.toNanos();
        while (true) {
            SocketAddress from = channel.receive(buffer);
            if (from != null) {
                assertEquals(server, from, "a datagram from someone other than the server");
                return Arrays.copyOf(buffer.array(), buffer.position());
            }
            long remainingMs = (deadline - System.nanoTime()) / 1_000_000;
            if (remainingMs <= 0) {
                return null;
            }
            readable.select(remainingMs);
            readable.selectedKeys().clear();
        }
    }

    /** One request, one reply: what came back (the test checks it), resending if nothing came within a second. */
    byte[] exchange(byte[] payload) throws IOException {
        return exchangeAll(List.of(payload)).get(0);
    }

    /**
     * Sends every payload back to back, then collects one reply per payload, matched by content (on a real network
     * replies may come back in another order), resending those still unanswered after a second. A reply that
     * matches none is returned in place of the first unanswered payload, for the test to judge.
     */
    List<byte[]> exchangeAll(List<byte[]> payloads) throws IOException {
        for (byte[] payload : payloads) {
            send(payload);
        }
        return awaitReplies(payloads);
    }

    /** The replies to {@code payloads}, already sent; see {@link #exchangeAll}. */
    List<byte[]> awaitReplies(List<byte[]> payloads) throws IOException {
        List<byte[]> replies = new ArrayList<>(payloads.size());
        payloads.forEach(p -> replies.add(null));
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        int answered = 0;
        while (answered < payloads.size()) {
            if (System.nanoTime() > deadline) {
                fail("no reply from the server within " + TestClient.TIMEOUT.toSeconds() + " s, resending every "
                        + RESEND_AFTER.toSeconds() + " s: " + answered + " of " + payloads.size() + " answered");
            }
            byte[] reply = receive(RESEND_AFTER);
            if (reply == null) {
                for (int i = 0; i < payloads.size(); i++) {
                    if (replies.get(i) == null) {
                        send(payloads.get(i)); // lost, or just late: UDP cannot tell the two apart
                    }
                }
                continue;
            }
            int slot = match(payloads, replies, reply);
            if (slot >= 0) {
                replies.set(slot, reply);
                answered++;
            } else if (!sent.contains(ByteBuffer.wrap(reply))) {
                replies.set(replies.indexOf(null), reply); // unexpected bytes: let the test's assertion say so
                answered++;
            } // else: a second reply to something sent twice (a resend whose original was only late): skip it
        }
        return replies;
    }

    private static int match(List<byte[]> payloads, List<byte[]> replies, byte[] reply) {
        for (int i = 0; i < payloads.size(); i++) {
            if (replies.get(i) == null && Arrays.equals(payloads.get(i), reply)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void close() throws IOException {
        try {
            readable.close();
        } finally {
            channel.close();
        }
    }
}
