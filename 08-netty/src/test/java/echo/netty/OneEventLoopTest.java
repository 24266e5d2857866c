package echo.netty;

import echo.common.ServerConfig;
import echo.testkit.EchoContract;
import echo.testkit.TestClient;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What one event loop means, both ways: every connection is served by the same single thread (05's reactor), so
 * code that blocks in a handler stalls everyone, not just its own client.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OneEventLoopTest {
    private NettyServer server;

    @BeforeEach
    void start() throws IOException {
        server = (NettyServer) new NettyChapter().create(ServerConfig.defaults().withPort(0));
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void everyConnectionIsServedByTheSameThread() throws Exception {
        List<String> threads = new CopyOnWriteArrayList<>();
        Hooks.onEachConnection(server, child -> child.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelActive(ChannelHandlerContext ctx) {
                threads.add(Thread.currentThread().getName());
                ctx.fireChannelActive();
            }
        }));
        for (int i = 0; i < 20; i++) {
            try (TestClient client = TestClient.connect(server.address())) {
                assertArrayEquals("hi".getBytes(), client.echo("hi".getBytes()));
            }
        }
        assertEquals(20, threads.size());
        assertEquals(1, threads.stream().distinct().count(), "one thread for all: " + threads);
        assertTrue(threads.get(0).startsWith("echo-08-netty-"), threads.get(0));
    }

    /** The rule of every event loop: never block in a handler. One that does holds up every other connection. */
    @Test
    void aHandlerThatBlocksStallsEveryConnection() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        Hooks.onEachConnection(server, child -> child.pipeline().addFirst(new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
                if (first.getAndSet(false)) {
                    blocked.countDown();
                    release.await(30, TimeUnit.SECONDS); // a "slow database call", on the event loop
                }
                ctx.fireChannelRead(msg);
            }
        }));
        try (TestClient blocker = TestClient.connect(server.address());
             TestClient bystander = TestClient.connect(server.address())) {
            blocker.write("query".getBytes());
            assertTrue(blocked.await(30, TimeUnit.SECONDS), "the handler should have received the query");
            bystander.write("anyone there?".getBytes()); // while the one event-loop thread is blocked
            assertEquals(0, bystander.bytesArrivingWithin(EchoContract.QUIET_WINDOW),
                    "the bystander is stuck behind the blocked handler");
            release.countDown();
            assertArrayEquals("anyone there?".getBytes(), bystander.read("anyone there?".length()));
            assertArrayEquals("query".getBytes(), blocker.read("query".length()));
        }
    }
}
