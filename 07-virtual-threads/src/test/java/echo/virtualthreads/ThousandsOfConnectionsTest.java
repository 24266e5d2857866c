package echo.virtualthreads;

import com.sun.management.HotSpotDiagnosticMXBean;
import echo.common.EchoServer;
import echo.common.ServerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chapter 07's teaching point: 5,000 connections open at once, every one of them echoing, each with a thread of its
 * own (a virtual one), while the OS threads stay a handful: the carriers the virtual threads run on, about one
 * per core. Chapter 02's server, the same code, would need 5,000 OS threads for this.
 *
 * <p>5,000 because this JVM holds both ends of every connection (2 file descriptors each, under the limit of
 * 20,000 here); the benchmarks hold 10,000 from a process of their own.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ThousandsOfConnectionsTest {
    private static final int CONNECTIONS = 5_000;
    private static final String CONNECTION_THREAD = "echo-" + VirtualThreadsChapter.ID + "-conn-";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean(); // counts platform threads only
    private final List<Socket> clients = new ArrayList<>();
    private EchoServer server;
    private Sampler sampler;

    @BeforeEach
    void start() throws IOException {
        server = new VirtualThreadsChapter().create(ServerConfig.defaults().withPort(0));
        server.start();
    }

    @AfterEach
    void stop() throws Exception {
        if (sampler != null) {
            sampler.stop();
        }
        for (Socket client : clients) {
            client.close();
        }
        server.close();
    }

    @Test
    void fiveThousandConnectionsEchoingOnAHandfulOfCarrierThreads() throws Exception {
        int cores = Runtime.getRuntime().availableProcessors();
        int platformBefore = threads.getThreadCount();
        sampler = new Sampler();

        InetSocketAddress address = (InetSocketAddress) server.address();
        for (int i = 0; i < CONNECTIONS; i++) {
            Socket client = new Socket();
            client.connect(address, 30_000);
            client.setSoTimeout(30_000); // a bounded wait for every read below
            client.setTcpNoDelay(true);
            clients.add(client);
        }
        // Every client sends before any reads: all 5,000 connections have work pending at the same time.
        for (int i = 0; i < CONNECTIONS; i++) {
            new DataOutputStream(clients.get(i).getOutputStream()).writeInt(i);
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            assertEquals(i, new DataInputStream(clients.get(i).getInputStream()).readInt(),
                    "connection " + i + " gets its own number back");
        }

        long virtual = liveConnectionThreadsInAThreadDump();
        sampler.stop();
        int platformMax = sampler.maxPlatformThreads.get();
        int carriersMax = sampler.maxCarriers.get();
        System.out.printf("%d connections echoed: %d connection threads in a thread dump; platform threads %d before,"
                        + " at most %d during; at most %d carrier threads; %d cores%n",
                CONNECTIONS, virtual, platformBefore, platformMax, carriersMax, cores);

        assertEquals(CONNECTIONS, virtual, "one (virtual) thread per open connection");
        assertTrue(carriersMax >= 1 && carriersMax <= cores + 4,
                "the virtual threads ran on about one carrier per core: " + carriersMax + " for " + cores + " cores");
        assertTrue(platformMax - platformBefore <= cores + 8,
                "OS threads grew by " + (platformMax - platformBefore) + " for " + CONNECTIONS + " connections");
    }

    /**
     * The contract's close() test looks for leftover echo-* threads with Thread.getAllStackTraces(), which cannot
     * see virtual threads; this checks 07's own with a thread dump: close() ends every connection's thread.
     */
    @Test
    void closeEndsEveryConnectionsVirtualThread() throws Exception {
        InetSocketAddress address = (InetSocketAddress) server.address();
        for (int i = 0; i < 100; i++) {
            Socket client = new Socket();
            client.connect(address, 30_000);
            client.setSoTimeout(30_000);
            clients.add(client);
            new DataOutputStream(client.getOutputStream()).writeInt(i);
            assertEquals(i, new DataInputStream(client.getInputStream()).readInt());
        }
        assertEquals(100, liveConnectionThreadsInAThreadDump(), "one virtual thread per open connection");

        server.close(); // joins every connection's thread before it returns

        assertEquals(0, liveConnectionThreadsInAThreadDump(), "no connection thread outlives close()");
    }

    /**
     * Virtual threads do not appear in {@link Thread#getAllStackTraces()} or the ThreadMXBean; the JDK 21 thread
     * dump (the same as {@code jcmd PID Thread.dump_to_file -format=json}) lists them.
     */
    private static long liveConnectionThreadsInAThreadDump() throws IOException {
        Path dump = Files.createTempDirectory("echo-07-").resolve("threads.json");
        try {
            ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), HotSpotDiagnosticMXBean.ThreadDumpFormat.JSON);
            Matcher named = Pattern.compile("\"name\":\\s*\"" + Pattern.quote(CONNECTION_THREAD) + "\\d+\"")
                    .matcher(Files.readString(dump));
            long count = 0;
            while (named.find()) {
                count++;
            }
            return count;
        } finally {
            Files.deleteIfExists(dump);
            Files.deleteIfExists(dump.getParent());
        }
    }

    /** Watches the platform threads while the test runs and keeps the highest counts seen. */
    private final class Sampler {
        final AtomicInteger maxPlatformThreads = new AtomicInteger();
        final AtomicInteger maxCarriers = new AtomicInteger();
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "test-thread-sampler");

        Sampler() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            while (running) {
                maxPlatformThreads.accumulateAndGet(threads.getThreadCount(), Math::max);
                long carriers = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.getClass().getName().equals("jdk.internal.misc.CarrierThread"))
                        .count();
                maxCarriers.accumulateAndGet((int) carriers, Math::max);
                try {
                    Thread.sleep(5); // the sampling interval
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join();
        }
    }
}
