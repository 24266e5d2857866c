package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here
    private static final long IDLE_MILLIS = 1000;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private SelectorServer server;
    private SocketChannel closeAfterwards;

    @AfterEach
    void stop() throws IOException {
        if (closeAfterwards != null) {
            closeAfterwards.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anIdleSelectorSleepsWhileTheRecipesLoopSpins() throws Exception {
        server = new SelectorServer(ServerConfig.defaults().withPort(0), SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
        server.start();
        List<TestClient> idle = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            idle.add(TestClient.connect(server.address()));
        }
        // Make the server go through partial writes first, so that OP_WRITE is really set, then drained and
        // dropped: a client with a small receive buffer that does not read until the server has output pending
        // (maxPendingSeen() > 0: a write was partial, OP_WRITE went on), then reads everything. Were OP_WRITE left
        // registered after draining, the idle second below would show it (measured with that line deleted:
        // about 1,000 ms of CPU and millions of wake-ups).
        byte[] chunk = new byte[64 * 1024];
        new Random(1).nextBytes(chunk);
        // Kept open through the idle window: it is the connection whose OP_WRITE must have been dropped.
        SocketChannel busy = SocketChannel.open();
        closeAfterwards = busy;
        busy.setOption(StandardSocketOptions.SO_RCVBUF, 4096); // before connect: it sets the window
        busy.connect(server.address());
        busy.configureBlocking(false); // written on this thread, so a full send buffer cannot block it
        ByteBuffer sending = ByteBuffer.wrap(chunk); // the stream sent is this chunk, over and over
        long written = 0;
        long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
        while (counts.maxPendingSeen() == 0) { // until a write was partial: output pending, OP_WRITE on
            assertTrue(System.nanoTime() < deadline, "timed out waiting for a partial write");
            int n = busy.write(sending);
            written += n;
            if (!sending.hasRemaining()) {
                sending.rewind();
            }
            if (n == 0) {
                Thread.sleep(10);
            }
        }
        busy.configureBlocking(true);
        ByteBuffer echo = ByteBuffer.allocate(chunk.length);
        for (long read = 0; read < written; ) {
            echo.clear().limit((int) Math.min(chunk.length - read % chunk.length, written - read));
            int start = (int) (read % chunk.length);
            while (echo.hasRemaining()) {
                assertTrue(busy.read(echo) >= 0, "the server closed the connection");
            }
            assertArrayEquals(java.util.Arrays.copyOfRange(chunk, start, start + echo.position()),
                    java.util.Arrays.copyOf(echo.array(), echo.position()), "the echo, in order");
            read += echo.position();
        }
        // The client can finish reading a moment before the reactor, back from write(), lowers its counter.
        BackpressureTest.await(() -> counts.bufferedBytes() == 0, "everything sent, nothing left buffered");
        assertTrue(counts.maxPendingSeen() > 0, "the warm-up must have gone through partial writes");

        try (RecipesLoop recipe = new RecipesLoop()) {
            AtomicBoolean stop = new AtomicBoolean();
            LongAdder recipeWakeups = new LongAdder();
            Thread recipeLoop = new Thread(() -> recipe.spin(stop::get, recipeWakeups), "recipes-loop");
            recipeLoop.start();

            long reactorCpu = cpuNanos(server.reactorThread());
            long recipeCpu = cpuNanos(recipeLoop);
            long wakeups = counts.selectWakeups();
            long recipeWakeupsBefore = recipeWakeups.sum();
            Thread.sleep(IDLE_MILLIS); // the measurement window itself: nothing happens in it, by design
            reactorCpu = cpuNanos(server.reactorThread()) - reactorCpu;
            recipeCpu = cpuNanos(recipeLoop) - recipeCpu;
            wakeups = counts.selectWakeups() - wakeups;
            long recipeSpins = recipeWakeups.sum() - recipeWakeupsBefore;
            stop.set(true);
            recipeLoop.join();

            System.out.printf("idle %d ms with %d open connections: reactor CPU %.1f ms, %d select() wake-ups;"
                            + " the recipe's loop (READ|WRITE always): CPU %.0f ms, %d wake-ups%n",
                    IDLE_MILLIS, idle.size(), reactorCpu / 1e6, wakeups, recipeCpu / 1e6, recipeSpins);
            assertTrue(reactorCpu < TimeUnit.MILLISECONDS.toNanos(100),
                    "an idle reactor should sleep in select(), but used " + reactorCpu / 1_000_000 + " ms of CPU in "
                    + wakeups + " wake-ups: is OP_WRITE still asked for after the output drained?");
            assertTrue(wakeups <= 2, "an idle reactor should not wake up, but select() returned " + wakeups + " times: is OP_WRITE"
                    + " still asked for after the output drained? (README, The pitfalls)");
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
