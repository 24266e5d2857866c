package echo.framed;

import echo.common.Frames;
import echo.testkit.ChildJvm;
import echo.testkit.Flood;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The memory bound under the flood that once broke it: 250 clients that send nothing but zero-length frames and
 * never read, against the real {@code main} in a 64 MiB heap. Each empty frame is a 4-byte reply; had each reply
 * its own buffer (about 80 bytes held, 4 counted), the server would hold 20 times its bound, run out of memory on
 * the reactor thread and stop (Launcher stops a server whose thread dies). Counted by capacity and sharing
 * buffers, every client is held to the bound and a fresh client is echoed.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class EmptyFrameFloodTest {
    private static final int CLIENTS = 250;

    @Test
    void hundredsOfClientsFloodingEmptyFramesFitIn64MiB() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of("-Xmx64m"), FramedChapter.class, "--port", "0")) {
            InetSocketAddress address = child.listeningAddress();
            try (Flood flood = Flood.connect(address, CLIENTS)) {
                ByteBuffer emptyFrames = ByteBuffer.allocate(64 * 1024); // all zeros: 16,384 empty frames
                try {
                    // Until a whole round finds every client's kernel buffers full: the server takes no more from
                    // anyone (it stopped reading from them all, or it died).
                    flood.sendUntilNobodyTakesMore(emptyFrames);
                } catch (IOException serverGone) {
                    // a server that died reset the connections: the checks below say what happened
                }
                System.out.printf("%d clients sent %d bytes of empty frames, never reading%n", CLIENTS,
                        flood.written());
                assertTrue(child.isAlive(), "the server died under the flood: " + child.stderr());
                try (TestClient fresh = TestClient.connect(address)) {
                    byte[] frame = Frames.encode("still here?".getBytes()).array();
                    assertArrayEquals(frame, fresh.echo(frame), "a fresh client is served during the flood");
                }
            }
            String err = child.stderr();
            assertFalse(err.contains("OutOfMemoryError") || err.contains(" ERROR "), err);
            child.terminate(); // SIGTERM stops it (bounded wait)
            assertTrue(child.stdout().contains(": stopped"), child.stdout());
        }
    }
}
