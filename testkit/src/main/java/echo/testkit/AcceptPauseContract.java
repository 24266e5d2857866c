package echo.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.time.LocalTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accept pause, for real: the server runs in a child JVM with few file descriptors ({@link OutOfDescriptors}),
 * and clients connect until accept() fails. The listener stays ready (a client waits in the backlog), so a server
 * that asked again at once would fail and log at full speed; one that pauses logs a warning at most once a
 * second (it asks again after each pause, and fails again while descriptors are short), serves the connections
 * it has meanwhile, and accepts the waiting client, and new ones, once descriptors are free.
 */
// A separate thread: a read from a child that never exits would not notice a same-thread time-out.
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class AcceptPauseContract {
    /** What the server's warning for a failed accept contains. */
    private static final String FAILED = "accept failed";

    /** The class whose {@code main} a reader runs. */
    protected abstract Class<?> mainClass();

    /** What the server echoes back as it is (a whole frame for a framed chapter). */
    protected byte[] ping() {
        return new byte[] {'x'};
    }

    @Test
    void outOfFileDescriptorsTheServerPausesItsAcceptsAndResumes() throws Exception {
        try (OutOfDescriptors run = OutOfDescriptors.start(mainClass(), ping())) {
            run.connectUntil(() -> warnings(run).size() >= 1);
            // Linux fails accept() for want of a descriptor even when nobody waits in the backlog: the warning may
            // have come right after the last client was accepted. One more client makes sure someone waits, so
            // every retry after a pause fails again while descriptors are short.
            run.connectOneMore();

            // Three warnings: the listener was asked again after each pause (no resume, no second warning)...
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (warnings(run).size() < 3) {
                assertTrue(System.nanoTime() < deadline, "accepting never resumed: " + run.server().stderr());
                Thread.sleep(20);
            }
            // ... each at least a second after the one before, wherever the log was read: no flood. The time is
            // the log line's own (ms), and a pause starts after its warning is logged, so load only adds to it.
            List<LocalTime> times = warnings(run).stream()
                    .map(line -> LocalTime.parse(line.substring(0, line.indexOf(' '))))
                    .collect(Collectors.toList());
            for (int i = 1; i < times.size(); i++) {
                long gap = java.time.Duration.between(times.get(i - 1), times.get(i)).toMillis();
                assertTrue(gap >= 990, "warning " + (i + 1) + " came " + gap + " ms after the one before: "
                        + "accepts were not paused for 1 s\n" + run.server().stderr());
            }
            // Meanwhile the connections it has are served.
            assertEchoes(run.clients().get(0), ping());

            run.releaseAll(); // the client left in the backlog is accepted once descriptors are free, and served
            run.assertStillServes();
        }
    }

    private static void assertEchoes(SocketChannel client, byte[] ping) throws Exception {
        client.write(ByteBuffer.wrap(ping));
        ByteBuffer echo = ByteBuffer.allocate(ping.length);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (echo.hasRemaining()) {
            assertTrue(System.nanoTime() < deadline, "a connection accepted before the shortage must be served");
            if (client.read(echo) == 0) {
                Thread.sleep(5);
            }
        }
        assertArrayEquals(ping, echo.array());
    }

    private static List<String> warnings(OutOfDescriptors run) throws java.io.IOException {
        return run.server().stderr().lines().filter(line -> line.contains(FAILED)).collect(Collectors.toList());
    }
}
