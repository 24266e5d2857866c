package echo.testkit;

import echo.common.Chapter;
import echo.common.Frames;
import echo.common.Protocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The file-descriptor trap (see {@link OutOfDescriptors}): the real {@code main}, run out of descriptors by its
 * clients, must serve again once they leave. A class first loaded when a connection closes, or on the error path
 * of a failed accept(), fails this test with a NoClassDefFoundError in the server's output, or with a server that
 * no longer closes or accepts.
 */
// A separate thread: a read from a child that never exits would not notice a same-thread time-out.
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public abstract class DescriptorTrapContract {

    protected abstract Chapter chapter();

    /** The class whose {@code main} a reader runs. */
    protected Class<?> mainClass() {
        return chapter().getClass();
    }

    /** What the server echoes back as it is: one byte, or a one-byte frame. */
    protected byte[] ping() {
        return chapter().protocol() == Protocol.FRAMED ? Frames.encode(new byte[] {'x'}).array() : new byte[] {'x'};
    }

    /** Options beyond {@code --port 0}, e.g. a pool big enough to hold every descriptor the JVM may have. */
    protected String[] args() {
        return new String[0];
    }

    @Test
    void outOfFileDescriptorsAndBackTheServerStillServes() throws Exception {
        try (OutOfDescriptors run = OutOfDescriptors.start(mainClass(), ping(), args())) {
            run.exhaust();
            run.releaseAll();
            run.assertStillServes();
        }
    }

    /**
     * The same with {@code --trace}: the watcher's lines for a failed accept and for a connection's end run only
     * then, and a class they need for the first time (a {@code switch} on an enum compiles to one) would be
     * loaded just when no file can be opened.
     */
    @Test
    void outOfFileDescriptorsAndBackWithTheTraceOnTheServerStillServes() throws Exception {
        String[] traced = Stream.concat(Arrays.stream(args()), Stream.of("--trace")).toArray(String[]::new);
        try (OutOfDescriptors run = OutOfDescriptors.start(mainClass(), ping(), traced)) {
            run.exhaust();
            run.releaseAll();
            run.assertStillServes();
        }
    }
}
