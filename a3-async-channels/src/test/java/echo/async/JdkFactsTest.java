package echo.async;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.WritePendingException;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the JDK does underneath, shown without the server: the facts the chapter's code is written against. */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class JdkFactsTest {

    /** One write at a time per channel: asking for a second while the first is outstanding throws. */
    @Test
    void aSecondWriteWhileOneIsOutstandingThrowsWritePendingException() throws Exception {
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(1, Thread::new);
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AsynchronousSocketChannel channel = AsynchronousSocketChannel.open(group)) {
            channel.connect(peer.getLocalSocketAddress()).get(30, TimeUnit.SECONDS);
            try (Socket neverReads = peer.accept()) {
                // Write until a write stays outstanding: the peer never reads, so once the kernels' buffers are
                // full the JDK cannot complete it.
                ByteBuffer chunk = ByteBuffer.allocate(1 << 20);
                Future<Integer> write;
                long deadline = System.nanoTime() + TestClient.TIMEOUT.toNanos();
                do {
                    assertTrue(System.nanoTime() < deadline, "a write should stay outstanding");
                    write = channel.write(chunk.clear());
                } while (write.isDone());
                assertThrows(WritePendingException.class, () -> channel.write(ByteBuffer.wrap("more".getBytes())));
            }
        } finally {
            group.shutdownNow();
            assertTrue(group.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /**
     * An exception thrown out of a completion handler is not caught by the JDK: it ends the group's thread (the
     * JDK starts another in its place) and reaches the thread's uncaught-exception handler, which in a process
     * started by Launcher stops the server. Hence the try/catch in Connection's handlers.
     */
    @Test
    void anExceptionThrownOutOfAHandlerEndsTheGroupsThread() throws Exception {
        CompletableFuture<String> died = new CompletableFuture<>();
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(1, task -> {
            Thread thread = new Thread(task, "test-group");
            thread.setUncaughtExceptionHandler((t, e) -> died.complete(t.getName() + ": " + e.getMessage()));
            return thread;
        });
        try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             AsynchronousSocketChannel channel = AsynchronousSocketChannel.open(group)) {
            channel.connect(peer.getLocalSocketAddress()).get(30, TimeUnit.SECONDS);
            try (Socket client = peer.accept()) {
                channel.read(ByteBuffer.allocate(16), null, new CompletionHandler<Integer, Void>() {
                    @Override
                    public void completed(Integer n, Void nothing) {
                        throw new IllegalStateException("a bug in a handler");
                    }

                    @Override
                    public void failed(Throwable failure, Void nothing) {
                    }
                });
                client.getOutputStream().write(1);
                assertEquals("test-group: a bug in a handler", died.get(30, TimeUnit.SECONDS));
            }
        } finally {
            group.shutdownNow();
            assertTrue(group.awaitTermination(30, TimeUnit.SECONDS));
        }
    }

    /**
     * On Linux the JDK's asynchronous channels are a reactor underneath: the provider is
     * LinuxAsynchronousChannelProvider, the group an EPollPort, and of the group's threads, idle, one waits in
     * epoll_wait (EPoll.wait) for every channel while the others wait for the events it hands them.
     */
    @Test
    @EnabledOnOs(OS.LINUX)
    void onLinuxTheGroupIsAnEpollLoopOnAThreadPool() throws Exception {
        assertEquals("sun.nio.ch.LinuxAsynchronousChannelProvider",
                AsynchronousChannelProvider.provider().getClass().getName());
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(1, Thread::new);
        assertEquals("sun.nio.ch.EPollPort", group.getClass().getName()); // what the server's group is, too
        group.shutdownNow();
        try (AsyncServer server = new AsyncServer(ServerConfig.defaults().withPort(0).withPoolSize(4),
                AsyncChapter.ID)) {
            server.start();
            try (TestClient client = TestClient.connect(server.address())) {
                client.echo("hi".getBytes()); // idle from now on, with a read outstanding
                Await.until(() -> polling(Await.groupThreads()) == 1 && waitingForEvents(Await.groupThreads()) == 3,
                        "one group thread in EPoll.wait, three waiting for the events it hands out: "
                                + dump(Await.groupThreads()));
            }
        }
    }

    private static long polling(List<Thread> threads) {
        return threads.stream().filter(t -> top(t).contains("sun.nio.ch.EPoll.wait")).count();
    }

    private static long waitingForEvents(List<Thread> threads) {
        return threads.stream().filter(t -> Arrays.stream(t.getStackTrace()).map(StackTraceElement::toString)
                .anyMatch(frame -> frame.contains("ArrayBlockingQueue.take"))).count();
    }

    private static String top(Thread thread) {
        StackTraceElement[] stack = thread.getStackTrace();
        return stack.length == 0 ? "" : stack[0].getClassName() + "." + stack[0].getMethodName();
    }

    private static String dump(List<Thread> threads) {
        StringBuilder text = new StringBuilder();
        for (Thread thread : threads) {
            text.append('\n').append(thread.getName());
            for (StackTraceElement frame : Arrays.copyOf(thread.getStackTrace(), 4)) {
                text.append("\n    at ").append(frame);
            }
        }
        return text.toString();
    }
}
