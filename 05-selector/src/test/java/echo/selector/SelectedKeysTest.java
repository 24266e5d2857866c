package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pitfall 3: the selected-key set is never cleared for you. A key left in it is dispatched again at every later
 * wake-up, ready or not. Counted: while one client alone is active, each wake-up dispatches at most one key (its
 * own); a key left behind by an earlier client would make it two.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SelectedKeysTest {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here

    @Test
    void eachWakeupDispatchesOnlyTheKeysThatAreReady() throws Exception {
        try (SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), SelectorChapter.ID,
                () -> Processor.RAW_ECHO, counts)) {
            server.start();
            TestClient earlier = TestClient.connect(server.address());
            assertArrayEquals("one".getBytes(), earlier.echo("one".getBytes())); // its key was selected, once
            try (TestClient active = TestClient.connect(server.address())) {
                assertArrayEquals("x".getBytes(), active.echo("x".getBytes())); // accepted and served
                long wakeups = counts.selectWakeups();
                long dispatches = counts.readyKeys();
                for (int i = 0; i < 100; i++) {
                    assertArrayEquals(("m" + i).getBytes(), active.echo(("m" + i).getBytes()));
                }
                long w = counts.selectWakeups() - wakeups;
                long d = counts.readyKeys() - dispatches;
                assertTrue(d >= 100, "every message needs its key dispatched: " + d);
                assertTrue(d <= w, d + " dispatches in " + w + " wake-ups: a key that was not ready was dispatched");
            } finally {
                earlier.close();
            }
        }
    }
}
