package echo.selector;

import echo.common.ServerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A measurement, not a test (memory is never asserted): the server's heap per open connection. The clients live
 * in a child JVM so that only the server's objects are in this heap. Run it with
 * {@code mvn -q -o -pl 05-selector test -Dtest=HeapPerConnectionMeasurement -Decho.measure=10000}.
 */
@EnabledIfSystemProperty(named = "echo.measure", matches = "\\d+")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class HeapPerConnectionMeasurement {
    private final SelectorCounters counts = new SelectorCounters(); // what the server tells: the figures read here

    @Test
    void heapPerOpenConnection() throws Exception {
        int connections = Integer.getInteger("echo.measure");
        SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0).withBacklog(4096),
                SelectorChapter.ID, () -> Processor.RAW_ECHO, counts);
        server.start();
        try {
            long before = heapUsedAfterGc();
            long cpuBefore = ManagementFactory.getThreadMXBean().getThreadCpuTime(server.reactorThread().getId());
            Process holder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), HoldConnections.class.getName(),
                    String.valueOf(((InetSocketAddress) server.address()).getPort()), String.valueOf(connections))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8))) {
                String held = out.readLine();
                if (held == null || !held.startsWith("HELD")) {
                    throw new IllegalStateException("the client process said: " + held);
                }
                BackpressureTest.await(() -> counts.openConnections() == connections, "all connections accepted");
                long after = heapUsedAfterGc();
                long cpu = ManagementFactory.getThreadMXBean().getThreadCpuTime(server.reactorThread().getId())
                        - cpuBefore;
                System.out.printf("%d open connections on 1 thread (%s): heap %.1f MiB before, %.1f MiB after"
                                + " (after GC): %d bytes per connection; reactor CPU to accept them all: %d ms%n",
                        counts.openConnections(), server.reactorThread().getName(), before / 1048576.0,
                        after / 1048576.0, (after - before) / connections, cpu / 1_000_000);
            } finally {
                holder.getOutputStream().close();
                holder.waitFor(60, TimeUnit.SECONDS);
            }
        } finally {
            server.close();
        }
    }

    private static long heapUsedAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** The child: opens N connections to 127.0.0.1:PORT, says HELD, keeps them until its input ends. */
    static final class HoldConnections {
        public static void main(String[] args) throws IOException {
            int port = Integer.parseInt(args[0]);
            int n = Integer.parseInt(args[1]);
            List<SocketChannel> held = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                held.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
            }
            System.out.println("HELD " + held.size());
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the parent closes our input
            }
            for (SocketChannel channel : held) {
                channel.close();
            }
        }
    }
}
