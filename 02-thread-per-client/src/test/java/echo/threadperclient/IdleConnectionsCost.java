package echo.threadperclient;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A measurement, not a test: what a server costs just to hold idle connections. It starts a chapter's {@code main}
 * in a JVM of its own (so that the figures are the server's alone, and the clients' file descriptors do not count
 * against the server's limit), opens connections from this JVM, makes each one echo a byte (so the server really
 * holds it), leaves them idle, and reads the server's threads and memory at each step:
 * <ul>
 *   <li>threads and resident memory (RSS) from {@code /proc/PID/status};</li>
 *   <li>Java heap in use after a full GC and heap committed, from {@code jcmd PID GC.heap_info};</li>
 *   <li>thread stacks (reserved and committed) from Native Memory Tracking, {@code jcmd PID VM.native_memory}.</li>
 * </ul>
 * Usage (from the repository root, after {@code mvn -q install -DskipTests} and
 * {@code mvn -q -pl 02-thread-per-client test-compile}; add a chapter's {@code target/classes} to measure it):
 * <pre>
 * java -cp 02-thread-per-client/target/test-classes:02-thread-per-client/target/classes:common/target/classes \
 *      echo.threadperclient.IdleConnectionsCost echo.threadperclient.ThreadPerClientChapter 1000 5000
 * </pre>
 * The server JVM is the same {@code java} as this one, with default settings plus Native Memory Tracking.
 */
public final class IdleConnectionsCost {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");

    private IdleConnectionsCost() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: IdleConnectionsCost <chapter main class> <connections>... (e.g. 1000 5000)");
            System.exit(2);
        }
        String mainClass = args[0];
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:NativeMemoryTracking=summary",
                "-Decho.log.level=WARNING", "-cp", System.getProperty("java.class.path"), mainClass, "--port", "0"));
        Process server = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        List<SocketChannel> open = new ArrayList<>();
        try {
            String first = new BufferedReader(
                    new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8)).readLine();
            Matcher listening = LISTENING.matcher(String.valueOf(first));
            if (!listening.find()) {
                throw new IllegalStateException("the server did not say where it listens: " + first);
            }
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", Integer.parseInt(listening.group(1)));
            System.out.printf(Locale.ROOT, "%s, JDK %s (%s), %d cores, server pid %d%n", mainClass,
                    System.getProperty("java.version"), System.getProperty("java.vm.name"),
                    Runtime.getRuntime().availableProcessors(), server.pid());
            System.out.println("| idle connections | server threads | RSS (MiB) | heap used after full GC (MiB)"
                    + " | heap committed (MiB) | thread stacks reserved / committed (MiB) |");
            System.out.println("|---:|---:|---:|---:|---:|---:|");
            report(server.pid(), 0);
            for (int i = 1; i < args.length; i++) {
                int target = Integer.parseInt(args[i]);
                while (open.size() < target) {
                    open.add(connectAndEcho(address, open.size()));
                }
                report(server.pid(), open.size());
            }
        } finally {
            for (SocketChannel channel : open) {
                channel.close();
            }
            server.destroy(); // SIGTERM: the chapter's shutdown hook closes it cleanly
            server.waitFor();
        }
    }

    private static SocketChannel connectAndEcho(InetSocketAddress address, int n) throws IOException {
        SocketChannel channel = SocketChannel.open(address);
        ByteBuffer one = ByteBuffer.wrap(new byte[] {(byte) n});
        channel.write(one);
        ByteBuffer back = ByteBuffer.allocate(1);
        while (back.hasRemaining()) {
            if (channel.read(back) < 0) {
                throw new IOException("connection " + n + " was closed by the server before echoing");
            }
        }
        return channel;
    }

    private static void report(long pid, int connections) throws Exception {
        jcmd(pid, "GC.run"); // a full GC, so "heap used" is what is live, not garbage not yet collected
        String status = Files.readString(Path.of("/proc/" + pid + "/status"));
        long threads = number(status, "Threads:\\s+(\\d+)");
        long rssKb = number(status, "VmRSS:\\s+(\\d+) kB");
        String heap = jcmd(pid, "GC.heap_info");
        long heapUsedKb = number(heap, "used (\\d+)K");
        long heapCommittedKb = number(heap, "heap\\s+total (?:reserved \\d+K, committed )?(\\d+)K");
        String nmt = jcmd(pid, "VM.native_memory", "summary");
        long stackReservedKb = number(nmt, "\\(stack: reserved=(\\d+)KB");
        long stackCommittedKb = number(nmt, "\\(stack: reserved=\\d+KB, committed=(\\d+)KB");
        System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f | %.1f | %.0f | %.0f / %.1f |%n", connections, threads,
                rssKb / 1024.0, heapUsedKb / 1024.0, heapCommittedKb / 1024.0, stackReservedKb / 1024.0,
                stackCommittedKb / 1024.0);
    }

    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        if (!m.find()) {
            throw new IllegalStateException("no '" + regex + "' in:\n" + text);
        }
        return Long.parseLong(m.group(1));
    }
}
