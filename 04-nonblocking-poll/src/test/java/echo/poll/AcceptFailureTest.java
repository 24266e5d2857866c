package echo.poll;

import echo.testkit.EchoContract;
import echo.testkit.OutOfDescriptors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failing accept() ("Too many open files"), for real: the server runs in a child JVM whose file descriptors are
 * limited ({@code ulimit -n}, see the testkit's OutOfDescriptors), and clients connect until it runs out. The
 * failure is one WARNING, not one per round of a loop that goes round 100,000 times a second; the loop goes on
 * serving, accepts again as soon as a descriptor is free, and a second shortage is a second WARNING.
 */
// A separate thread: a read from a child that never exits would not notice a same-thread time-out.
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class AcceptFailureTest {
    private static final String FAILED = "accept failed";

    @Test
    void runningOutOfFileDescriptorsIsOneWarningAndTheLoopRecovers() throws Exception {
        try (OutOfDescriptors run = OutOfDescriptors.start(PollingChapter.class, new byte[] {'x'})) {
            run.connectUntil(() -> warnings(run) >= 1);
            Thread.sleep(EchoContract.QUIET_WINDOW.toMillis()); // tens of thousands of failing rounds meanwhile
            // One warning per shortage, not one per round. Not exactly one: the JVM opens and closes descriptors of
            // its own (a jar, /proc), and a descriptor freed for a moment lets one accept() through, which ends
            // the shortage; the next client starts another (seen once in ten loaded builds: two warnings 49 ms
            // apart). A warning per round would be thousands here.
            int first = warnings(run);
            assertTrue(first <= 3, "one warning per shortage, though the loop retries every round: " + first + "\n"
                    + run.server().stderr());

            // Everyone leaves: the server sees each half-close, echoes, closes, and so frees the descriptors; the one
            // still waiting in the backlog (if any) is accepted as soon as one is free, and ends the same way.
            run.releaseAll();
            assertTrue(run.server().isAlive(), "the server goes on: " + run.server().stderr());

            // A second shortage is a second warning: once per episode, not once per process.
            int before = warnings(run);
            run.connectUntil(() -> warnings(run) >= before + 1);
            Thread.sleep(EchoContract.QUIET_WINDOW.toMillis());
            assertTrue(warnings(run) <= first + 3, run.server().stderr());
            run.releaseAll();
            run.assertStillServes();
        }
    }

    private static int warnings(OutOfDescriptors run) throws IOException {
        return (int) run.server().stderr().lines().filter(line -> line.contains(FAILED)).count();
    }
}
