package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.ChildJvm;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reactor never lives on half-dead. An Error on the loop thread (an OutOfMemoryError, say) is not a client's
 * trouble: the server closes every connection, and run from the command line the process says so in one ERROR
 * line, with the stack trace, and exits 1 (Launcher's uncaught-exception handler) instead of staying up and
 * serving nobody.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LoopDeathTest {

    @Test
    void anErrorOnTheLoopClosesEveryConnection() throws Exception {
        SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), DyingLoopChapter.ID,
                () -> DyingLoopChapter.DIES_ON_BANG);
        server.start();
        try (TestClient bystander = TestClient.connect(server.address());
             TestClient killer = TestClient.connect(server.address())) {
            assertArrayEquals("hi".getBytes(), bystander.echo("hi".getBytes()));
            killer.write("!".getBytes());
            server.reactorThread().join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!server.reactorThread().isAlive(), "the Error ends the reactor thread");
            assertEquals(0, bystander.bytesUntilClosed(), "the bystander's connection is closed, not left hanging");
            assertEquals(0, killer.bytesUntilClosed());
        } finally {
            server.close();
        }
    }

    @Test
    void anErrorOnTheLoopStopsTheLaunchedProcessWithOneErrorLineAndExitCodeOne() throws Exception {
        try (ChildJvm child = ChildJvm.start(List.of(), DyingLoopChapter.class, "--port", "0")) {
            InetSocketAddress address = child.listeningAddress();
            try (TestClient bystander = TestClient.connect(address);
                 TestClient killer = TestClient.connect(address)) {
                assertArrayEquals("hi".getBytes(), bystander.echo("hi".getBytes()));
                killer.write("!".getBytes());
                assertEquals(1, child.exitCode(), "a dead loop must stop the process, non-zero");
            }
            String err = child.stderr();
            List<String> errors = err.lines().filter(line -> line.contains(" ERROR ")).toList();
            assertEquals(1, errors.size(), "exactly one ERROR line: " + err);
            assertTrue(errors.get(0).contains("thread echo-" + DyingLoopChapter.ID + "-reactor died")
                    && errors.get(0).contains("OutOfMemoryError: thrown by the test"), errors.get(0));
            assertTrue(err.contains("\tat echo.selector.DyingLoopChapter"), "the stack trace is not lost: " + err);
        }
    }
}
