package echo.selector;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pitfall 7, as the JDK behaves today (a test of the JDK, which the lesson relies on). Since JDK 11, register()
 * from another thread no longer blocks while the selector's thread sits in select(); but that select() does not see
 * the new registration: the channel's data waits, unreported, until something wakes the selector. This is why a
 * multi-reactor server queues a new channel for the sub-reactor and calls {@code wakeup()}, and why ours
 * registers on the reactor's own thread.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CrossThreadRegistrationTest {

    @Test
    void aSleepingSelectDoesNotSeeARegistrationFromAnotherThreadUntilWakeup() throws Exception {
        try (Selector selector = Selector.open();
             ServerSocketChannel listener = ServerSocketChannel.open()
                     .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             SocketChannel client = SocketChannel.open(listener.getLocalAddress());
             SocketChannel accepted = listener.accept()) {
            accepted.configureBlocking(false);
            client.write(ByteBuffer.wrap("waiting".getBytes())); // data is there before anyone registers

            CompletableFuture<Integer> select = new CompletableFuture<>();
            Thread loop = new Thread(() -> {
                try {
                    select.complete(selector.select()); // no time-out: sleeps until something is ready or wakeup()
                } catch (IOException | RuntimeException e) {
                    select.completeExceptionally(e);
                }
            }, "test-selector-loop");
            loop.start();
            awaitAsleepInSelect(loop);

            SelectionKey key = accepted.register(selector, SelectionKey.OP_READ); // returns at once since JDK 11
            // The one bounded wait of this test, and one-sided: nothing at all can wake this select() (no channel
            // it watches is ready, nobody calls wakeup()), so it is still asleep however loaded the machine is.
            // Were the registration seen, select() would return at once, with the data reported.
            loop.join(500);
            assertTrue(loop.isAlive() && !select.isDone(), "select() must still be asleep, data unreported");
            assertFalse(selector.selectedKeys().contains(key));

            selector.wakeup(); // what a sub-reactor's hand-over must do after queueing a change
            select.get(30, TimeUnit.SECONDS);
            // The next select() on the selector's thread applies the registration and reports the data.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!selector.selectedKeys().contains(key) && System.nanoTime() < deadline) {
                selector.select(1000);
            }
            assertTrue(selector.selectedKeys().contains(key) && key.isReadable(), "after wakeup() the data is seen");
            assertEquals(7, accepted.read(ByteBuffer.allocate(16)));
        }
    }

    /** Waits until the loop thread is inside select()'s native wait (the testkit's check, shared with 09). */
    static void awaitAsleepInSelect(Thread loop) throws InterruptedException {
        echo.testkit.SelectorThreads.awaitAsleepInSelect(loop);
    }
}
