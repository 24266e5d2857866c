package echo.udp;

import echo.common.Chapters;
import echo.common.EchoServer;
import echo.common.Logs;
import echo.common.ServerConfig;
import echo.testkit.TestClient;
import echo.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The UDP echo: what stays the same as TCP (bytes in, the same bytes out) and what changes (each datagram is a
 * message of its own, with a size limit, that may be lost; no connection to accept, close or hold state for).
 * The TCP contracts of the testkit do not apply (no connect, no half-close, no stream), so they are here instead.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class UdpEchoTest {
    /** IPv4: 65,535 bytes of packet, minus a 20-byte IP header and an 8-byte UDP header. */
    static final int LARGEST_IPV4_DATAGRAM = 65_507;

    static {
        Logs.init();
    }

    private final Random random = new Random(42);
    private EchoServer server;

    private EchoServer start(ServerConfig config) throws IOException {
        server = new UdpChapter().create(config);
        server.start();
        return server;
    }

    private EchoServer start() throws IOException {
        return start(ServerConfig.defaults().withPort(0));
    }

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void chapterIsRegisteredByName() {
        assertEquals(UdpChapter.class, Chapters.byId("a1-udp").getClass());
    }

    @Test
    void addressBeforeStartIsAClearError() {
        try (EchoServer unstarted = new UdpChapter().create(ServerConfig.defaults().withPort(0))) {
            IllegalStateException e = assertThrows(IllegalStateException.class, unstarted::address);
            assertEquals("not started", e.getMessage());
        }
    }

    /** As testkit's contract has it for TCP: started once, never after close(); a refused start opens nothing. */
    @Test
    void startIsOnceAndNeverAfterClose() throws IOException {
        start();
        IllegalStateException twice = assertThrows(IllegalStateException.class, server::start);
        assertEquals("already started", twice.getMessage());
        try (UdpClient client = new UdpClient(server.address())) {
            assertArrayEquals("still".getBytes(), client.exchange("still".getBytes()));
        }
        InetSocketAddress address = (InetSocketAddress) server.address();
        server.close();
        IllegalStateException closed = assertThrows(IllegalStateException.class, server::start);
        assertEquals("closed: a server is started once; make a new one", closed.getMessage());
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(address); // throws if the refused start() had bound the port again
        }
    }

    @Test
    void roundTrip() throws IOException {
        start();
        try (UdpClient client = new UdpClient(server.address())) {
            assertArrayEquals("hello, udp\n".getBytes(), client.exchange("hello, udp\n".getBytes()));
        }
    }

    @Test
    void aDatagramOfZeroBytesComesBackAsZeroBytes() throws IOException {
        start();
        try (UdpClient client = new UdpClient(server.address())) {
            assertArrayEquals(new byte[0], client.exchange(new byte[0]), "an empty datagram is still a datagram");
            assertArrayEquals("after it".getBytes(), client.exchange("after it".getBytes()));
        }
    }

    /**
     * The problem chapter 06 solved does not exist here: three datagrams sent back to back come back as three
     * datagrams of exactly their sizes, never merged into one read or split over two.
     */
    @Test
    void datagramsKeepTheirBoundaries() throws IOException {
        start();
        List<byte[]> payloads = List.of(randomBytes(1), randomBytes(1000), randomBytes(5), randomBytes(9000));
        try (UdpClient client = new UdpClient(server.address())) {
            List<byte[]> replies = client.exchangeAll(payloads);
            for (int i = 0; i < payloads.size(); i++) {
                assertArrayEquals(payloads.get(i), replies.get(i), "datagram " + i + " came back whole and alone");
            }
        }
    }

    /**
     * Many clients, each with its own socket (its own port), take turns: every client sends, then every client
     * reads, so the server sees their datagrams interleaved. Each gets back only its own, because each reply goes
     * to the address its datagram came from; the server keeps nothing per client.
     */
    @Test
    void manyClientsInterleavedWithoutCrossTalk() throws IOException {
        start();
        List<UdpClient> clients = new ArrayList<>();
        try {
            for (int c = 0; c < 50; c++) {
                clients.add(new UdpClient(server.address()));
            }
            for (int round = 0; round < 20; round++) {
                List<byte[]> sent = new ArrayList<>();
                for (int c = 0; c < clients.size(); c++) {
                    byte[] payload = randomBytes(1 + random.nextInt(2000));
                    payload[0] = (byte) c; // a reply meant for another client would show here
                    sent.add(payload);
                    clients.get(c).send(payload);
                }
                for (int c = 0; c < clients.size(); c++) {
                    byte[] reply = clients.get(c).awaitReplies(List.of(sent.get(c))).get(0);
                    assertArrayEquals(sent.get(c), reply, "client " + c + ", round " + round);
                }
            }
        } finally {
            for (UdpClient client : clients) {
                client.close();
            }
        }
    }

    /**
     * A datagram larger than the server's buffer: receive() keeps what fits and the kernel drops the rest, with no
     * error. The server sees that its spare byte was filled, logs it, and echoes what it got: the first
     * {@code readBufferSize} bytes. A datagram of exactly that size comes back whole.
     */
    @Test
    void aDatagramLargerThanTheServersBufferIsCutOnReceive() throws IOException {
        try (LogCapture log = new LogCapture(UdpChapter.ID).attach()) {
            start(ServerConfig.defaults().withPort(0).withReadBufferSize(1024));
            byte[] big = randomBytes(3000);
            try (UdpClient client = new UdpClient(server.address())) {
                assertArrayEquals(Arrays.copyOf(big, 1024), client.exchange(big),
                        "the reply is the datagram as the server received it: its first 1024 bytes");
                byte[] exactly = randomBytes(1024);
                assertArrayEquals(exactly, client.exchange(exactly), "a datagram that fits comes back whole");
            }
            assertTrue(log.records().stream().anyMatch(r -> r.getLevel() == Level.INFO
                            && r.getMessage().contains("larger than 1024 bytes")),
                    "the server says, in one INFO line, that it got a cut datagram");
        }
    }

    /**
     * The size limit itself: over IPv4 a datagram carries at most 65,507 bytes. That many come back whole (the
     * server's buffer is set to match); one byte more is refused by the client's own kernel: send() throws.
     */
    @Test
    void theLargestIpv4DatagramIs65507Bytes() throws IOException {
        start(ServerConfig.defaults().withPort(0).withReadBufferSize(LARGEST_IPV4_DATAGRAM));
        try (UdpClient client = new UdpClient(server.address())) {
            byte[] largest = randomBytes(LARGEST_IPV4_DATAGRAM);
            assertArrayEquals(largest, client.exchange(largest));

            IOException tooLong = assertThrows(IOException.class,
                    () -> client.send(new byte[LARGEST_IPV4_DATAGRAM + 1]));
            assertTrue(String.valueOf(tooLong.getMessage()).toLowerCase().contains("too long"),
                    "the kernel says why: " + tooLong);
        }
    }

    /**
     * Loss, shown on loopback: a client that sends and never reads. TCP would have made it wait (05's bound); UDP
     * has no such brake, so the replies that do not fit its small receive buffer are dropped by its kernel, and
     * nobody is told. Meanwhile the server is not held up: another client is served as usual.
     */
    @Test
    void aClientThatNeverReadsLosesRepliesButHoldsUpNoOne() throws IOException {
        start();
        int sent = 2000;
        try (UdpClient neverReads = new UdpClient(server.address());
             UdpClient healthy = new UdpClient(server.address())) {
            neverReads.channel().setOption(StandardSocketOptions.SO_RCVBUF, 16 * 1024);
            byte[] payload = randomBytes(1000);
            for (int i = 0; i < sent; i++) {
                neverReads.send(payload);
            }
            for (int i = 0; i < 100; i++) {
                byte[] message = ("message " + i).getBytes();
                assertArrayEquals(message, healthy.exchange(message), "others are served as usual");
            }
            // The server answers in the order datagrams reached it, and the healthy client's came after the
            // never-reader's: every reply it will ever get is already in its buffer.
            int received = 0;
            for (byte[] reply; (reply = neverReads.receive(Duration.ZERO)) != null; received++) {
                assertArrayEquals(payload, reply, "what does arrive arrives whole");
            }
            assertTrue(received > 0 && received < sent, "only what fitted in its buffer: " + received + " of " + sent);
            System.out.printf("a client that never read: %d of %d replies kept, the rest dropped%n", received, sent);
        }
    }

    /**
     * Duplication is the other face of loss: a client that resends because a reply is late (not lost) gets two
     * replies, since the server cannot tell a resend from a new request. UDP protocols number their messages.
     */
    @Test
    void aResendIsANewRequestSoItGetsASecondReply() throws IOException {
        start();
        try (UdpClient client = new UdpClient(server.address())) {
            byte[] request = "did you get this?".getBytes();
            client.send(request);
            client.send(request); // "no answer yet, send it again"
            assertArrayEquals(request, awaitDatagram(client));
            assertArrayEquals(request, awaitDatagram(client), "and the same reply a second time");
        }
    }

    @Test
    void portAlreadyInUseIsAClearErrorNamingThePort() throws IOException {
        try (DatagramChannel squatter = DatagramChannel.open()) {
            squatter.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = ((InetSocketAddress) squatter.getLocalAddress()).getPort();
            EchoServer second = new UdpChapter().create(ServerConfig.defaults().withPort(port));
            try {
                BindException e = assertThrows(BindException.class, second::start);
                assertTrue(e.getMessage().contains("port " + port), e.getMessage());
                // and the socket it opened is closed again, not leaked (one descriptor per failed start)
                assertEquals("closed", assertThrows(IllegalStateException.class, second::address).getMessage());
            } finally {
                second.close();
            }
        }
    }

    @Test
    void closeFreesThePortAndEndsItsThreads() throws IOException {
        start();
        InetSocketAddress address = (InetSocketAddress) server.address();
        try (UdpClient client = new UdpClient(address)) {
            assertArrayEquals("before close".getBytes(), client.exchange("before close".getBytes()));
        }

        server.close();

        List<String> leftovers = Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive).map(Thread::getName).filter(name -> name.startsWith("echo-")).toList();
        assertEquals(List.of(), leftovers, "close() must end every thread the server started (named echo-*)");
        try (DatagramChannel again = DatagramChannel.open()) {
            again.bind(address); // throws if the port were still held
        }
        server.close(); // idempotent
    }

    /** The next datagram, with a bounded wait; for the tests where resending would spoil the point. */
    private static byte[] awaitDatagram(UdpClient client) throws IOException {
        byte[] reply = client.receive(TestClient.TIMEOUT);
        assertNotNull(reply, "no datagram within " + TestClient.TIMEOUT.toSeconds() + " s");
        return reply;
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
