package echo.udp;

import echo.common.Net;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The README's "Watch it" scenario, with the trace captured: a datagram in, the same datagram out, each a line
 * with its sender and length; one too large for the server's buffer is said to be truncated, and only what fits
 * goes back.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String SERVER_THREAD = "echo-" + UdpChapter.ID + "-server";

    @Test
    void eachDatagramInAndOutAndATruncationSaidAsSuch() throws IOException {
        try (TracedServer watched = TracedServer.start(new UdpChapter(),
                ServerConfig.defaults().withPort(0).withReadBufferSize(100));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            TraceCapture trace = watched.trace();
            client.setSoTimeout(30_000);
            String me = Net.describe(client.getLocalSocketAddress());

            assertEquals(5, roundTrip(client, watched, new byte[5]), "a datagram back, whole");
            assertEquals(100, roundTrip(client, watched, new byte[150]), "only what fits in the server's 100 bytes");
            List<Trace.Line> lines = trace.awaitInOrder(
                    "datagram from " + me + ", 5 bytes",
                    "echoed 5 bytes to " + me,
                    "datagram from " + me + ", more than 100 bytes", // the spare byte filled: the only sign
                    "datagram from " + me + " is larger than 100 bytes: truncated",
                    "echoed 100 bytes to " + me);
            lines.forEach(line -> assertEquals(SERVER_THREAD, line.thread()));
        }
    }

    /**
     * The spare byte is the only sign of a cut datagram, so a datagram of exactly the buffer's size, which leaves
     * it empty, must not be called truncated: one line in with its true length, one line out, nothing else.
     */
    @Test
    void aDatagramOfExactlyTheBuffersSizeIsNotTruncated() throws IOException {
        try (TracedServer watched = TracedServer.start(new UdpChapter(),
                ServerConfig.defaults().withPort(0).withReadBufferSize(100));
             DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            TraceCapture trace = watched.trace();
            client.setSoTimeout(30_000);
            String me = Net.describe(client.getLocalSocketAddress());

            assertEquals(100, roundTrip(client, watched, new byte[100]), "a datagram that fits comes back whole");
            trace.await("echoed 100 bytes to " + me); // the last line of the exchange: every line before it is in
            assertEquals(List.of("datagram from " + me + ", 100 bytes", "echoed 100 bytes to " + me), trace.texts());
        }
    }

    private static int roundTrip(DatagramSocket client, TracedServer server, byte[] payload) throws IOException {
        client.send(new DatagramPacket(payload, payload.length, server.address()));
        DatagramPacket reply = new DatagramPacket(new byte[1000], 1000);
        client.receive(reply);
        return reply.getLength();
    }
}
