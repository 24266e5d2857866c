package echo.framed;

import echo.common.Frames;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.TestClient;
import echo.testkit.TraceCapture;
import echo.testkit.TracedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's "Watch it" scenario, with the trace captured: a frame whose header and payload arrive over three
 * reads is completed from three reads; two frames in one read are two frames, each a view of that read; a length
 * over the max is refused as soon as its header is complete. Each write waits for the trace line of its read, so
 * the reads are the writes.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WatchItTest {
    private static final String REACTOR = "echo-" + FramedChapter.ID + "-reactor";

    @Test
    void aFrameSplitOverReadsAndTwoFramesInOneRead() throws Exception {
        try (TracedServer watched = TracedServer.start(new FramedChapter(), ServerConfig.defaults().withPort(0))) {
            TraceCapture trace = watched.trace();
            TestClient client = watched.connect();
            String name = TracedServer.name(client);
            byte[] frame = toBytes(Frames.encode("hello, frames".getBytes())); // 4 + 13 bytes
            client.write(Arrays.copyOfRange(frame, 0, 2));
            trace.awaitInOrder("read 2 bytes from " + name, "header split across reads: 2 of 4 header bytes");
            client.write(Arrays.copyOfRange(frame, 2, 9));
            trace.awaitInOrder("read 7 bytes from " + name, "frame incomplete: 5 of 13 payload bytes");
            client.write(Arrays.copyOfRange(frame, 9, frame.length));
            assertArrayEquals(frame, client.read(frame.length), "the frame back whole, header included");
            List<Trace.Line> split = trace.awaitInOrder("read 2 bytes", "header split across reads",
                    "read 7 bytes", "frame incomplete", "read 8 bytes from " + name,
                    "frame complete: 13-byte payload, from 3 reads", "wrote 17 bytes to " + name);
            split.forEach(line -> assertEquals(REACTOR, line.thread(), "the decoder runs on the loop's thread"));

            byte[] one = toBytes(Frames.encode("one".getBytes()));
            byte[] two = toBytes(Frames.encode("two!".getBytes()));
            byte[] both = new byte[one.length + two.length];
            System.arraycopy(one, 0, both, 0, one.length);
            System.arraycopy(two, 0, both, one.length, two.length);
            client.write(both);
            assertArrayEquals(both, client.read(both.length));
            String oneRead = "from 1 read (a view of the read buffer, no copy)";
            trace.awaitInOrder("read 15 bytes from " + name, "frame complete: 3-byte payload, " + oneRead,
                    "frame complete: 4-byte payload, " + oneRead, "wrote 15 bytes to " + name);
            int at = trace.texts().indexOf("read 15 bytes from " + name);
            assertTrue(trace.texts().get(at + 1).startsWith("frame complete: 3-byte")
                    && trace.texts().get(at + 2).startsWith("frame complete: 4-byte"),
                    "both frames from that one read, before its write: " + trace.dump());
        }
    }

    @Test
    void aLengthOverTheMaxIsRefusedAsItsHeaderCompletes() throws Exception {
        try (TracedServer watched = TracedServer.start(new FramedChapter(),
                ServerConfig.defaults().withPort(0).withMaxFrame(1024))) {
            TraceCapture trace = watched.trace();
            TestClient client = watched.connect();
            String name = TracedServer.name(client);
            client.write(toBytes(Frames.header(1025)));
            assertEquals(0, client.readUntilEof().length, "closed, nothing sent back");
            trace.awaitInOrder("read 4 bytes from " + name,
                    "frame length 1,025 refused: over the max frame of 1,024 bytes", "closed " + name);
            assertEquals(0, trace.count("frame complete"), trace.dump());
        }
    }

    private static byte[] toBytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }
}
