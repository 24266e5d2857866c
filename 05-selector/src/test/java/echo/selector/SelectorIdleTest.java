package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.SelectionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The selector's first promise: a server with nothing to do sleeps. Measured as the reactor thread's CPU time over
 * an idle second (ThreadMXBean), and counted as select() wake-ups, beside the recipe's loop (OP_WRITE always
 * registered), which spins. Bounds are far from the expected values (0 ms and about 1,000 ms), so a loaded 2-core
 * machine passes too.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SelectorIdleTest {
    private static final long IDLE_MILLIS = 1000;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private SelectorServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIdleSelectorSleepsWhileTheRecipesLoopSpins() throws Exception {
        server = new SelectorServer(ServerConfig.defaults().withPort(0), SelectorChapter.ID, () -> Processor.RAW_ECHO);
        server.start();
        List<TestClient> idle = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            idle.add(TestClient.connect(server.address()));
        }
        // Make the server work first: 4 MiB echoed with concurrent reading goes through partial writes, OP_WRITE
        // on and off. Were OP_WRITE left registered after draining, the idle second below would show it.
        byte[] data = new byte[4 << 20];
        new Random(1).nextBytes(data);
        TestClient busy = idle.get(0);
        CompletableFuture<byte[]> echo = CompletableFuture.supplyAsync(() -> {
            try {
                return busy.read(data.length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        busy.write(data);
        assertArrayEquals(data, echo.get(60, TimeUnit.SECONDS));
        // The client can finish reading a moment before the reactor, back from write(), lowers its counter.
        BackpressureTest.await(() -> server.bufferedBytes() == 0, "everything sent, nothing left buffered");

        try (RecipesLoop recipe = new RecipesLoop()) {
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder recipeWakeups = new LongAdder();
            Thread recipeLoop = new Thread(() -> recipe.spin(stop::get, recipeWakeups), "recipes-loop");
            recipeLoop.start();

            long reactorCpu = cpuNanos(server.reactorThread());
            long recipeCpu = cpuNanos(recipeLoop);
            long wakeups = server.selectWakeups();
            long recipeWakeupsBefore = recipeWakeups.sum();
            Thread.sleep(IDLE_MILLIS); // the measurement window itself: nothing happens in it, by design
            reactorCpu = cpuNanos(server.reactorThread()) - reactorCpu;
            recipeCpu = cpuNanos(recipeLoop) - recipeCpu;
            wakeups = server.selectWakeups() - wakeups;
            long recipeSpins = recipeWakeups.sum() - recipeWakeupsBefore;
            stop.set(true);
            recipeLoop.join();

            System.out.printf("idle %d ms with %d open connections: reactor CPU %.1f ms, %d select() wake-ups;"
                            + " the recipe's loop (READ|WRITE always): CPU %.0f ms, %d wake-ups%n",
                    IDLE_MILLIS, idle.size(), reactorCpu / 1e6, wakeups, recipeCpu / 1e6, recipeSpins);
            assertTrue(reactorCpu < TimeUnit.MILLISECONDS.toNanos(100),
                    "an idle reactor should sleep in select(), but used " + reactorCpu / 1_000_000 + " ms of CPU");
            assertTrue(wakeups <= 2, "an idle reactor should not wake up, but select() returned " + wakeups + " times");
            assertTrue(recipeSpins > 1000, "the recipe's loop should spin, but woke up only " + recipeSpins + " times");
        } finally {
            for (TestClient client : idle) {
                client.close();
            }
        }
    }

    /**
     * The recipe's bug without any clock: with OP_WRITE registered and nothing to send, select() - which blocks
     * until something is ready - returns at once, every time, reporting the idle connection writable.
     */
    @Test
    void withWriteInterestAlwaysOnSelectNeverBlocks() throws IOException {
        try (RecipesLoop recipe = new RecipesLoop()) {
            for (int i = 0; i < 10_000; i++) {
                assertEquals(1, recipe.selector.select(30_000), "select() returned with nothing ready");
                assertTrue(recipe.key.isWritable() && !recipe.key.isReadable(), "ready to write, nothing to read");
                recipe.selector.selectedKeys().clear();
            }
            // What the chapter does instead: OP_WRITE only while output is pending. Idle, nothing is ready.
            recipe.key.interestOps(SelectionKey.OP_READ);
            assertEquals(0, recipe.selector.selectNow());
        }
    }

    private long cpuNanos(Thread thread) {
        long nanos = threads.getThreadCpuTime(thread.getId());
        assertTrue(nanos >= 0, "thread CPU time is not measurable on this JVM");
        return nanos;
    }
}
