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
import java.util.Arrays;
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

    /**
     * Waits until the loop thread is inside the native wait of select() (epoll_wait on Linux): its stack ends in a
     * native method called from doSelect. A registration made before that point would be seen by this select().
     */
    static void awaitAsleepInSelect(Thread loop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            StackTraceElement[] stack = loop.getStackTrace();
            if (stack.length > 0 && stack[0].isNativeMethod()
                    && Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("doSelect"))) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the loop thread never reached select()'s native wait: "
                + Arrays.toString(loop.getStackTrace()));
    }
}
