package echo.testkit;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A chapter's server in a child JVM with few file descriptors ({@code ulimit -n} {@value #LIMIT}), and the clients
 * that use them all up. Out of descriptors, {@code accept()} fails ("Too many open files"), and so does anything
 * that needs to open a file: loading a class the JVM has not loaded yet, for one. A class first needed when a
 * connection closes, or on an error path, cannot then be loaded, and the thread that needed it dies with a
 * NoClassDefFoundError. Chapter 04 had that bug (see its {@code listen()}).
 */
public final class OutOfDescriptors implements AutoCloseable {
    /** Low enough to run out with a few clients, high enough for a JVM (and Netty) to start. */
    public static final int LIMIT = 128;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final ChildJvm server;
    private final Path classes;
    private final InetSocketAddress address;
    private final byte[] ping;
    private final List<SocketChannel> clients = new ArrayList<>();

    private OutOfDescriptors(ChildJvm server, Path classes, InetSocketAddress address, byte[] ping) {
        this.server = server;
        this.classes = classes;
        this.address = address;
        this.ping = ping;
    }

    /**
     * Starts {@code main} (with {@code --port 0} and {@code args}) and waits until it listens.
     *
     * @param ping bytes the server echoes as they are (a whole frame for a framed chapter)
     */
    public static OutOfDescriptors start(Class<?> main, byte[] ping, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", "0"));
        all.addAll(List.of(args));
        Path classes = Files.createTempDirectory("echo-classes");
        ChildJvm server = ChildJvm.startWithFileLimit(LIMIT, classPathOfDirectories(classes), main,
                all.toArray(String[]::new));
        try {
            return new OutOfDescriptors(server, classes, server.listeningAddress(), ping.clone());
        } catch (Exception | AssertionError e) {
            server.close();
            delete(classes);
            throw e;
        }
    }

    /**
     * The test's class path with this project's jars (echo-*.jar) unpacked into {@code into}. Loading a class from
     * a directory opens its file, as it does for a reader who runs a chapter from its target/classes; from a jar the
     * JVM already holds open it needs no new descriptor, and the trap would hide whenever Maven hands the tests
     * jars instead of directories.
     */
    private static String classPathOfDirectories(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            String name = jar.getFileName() == null ? "" : jar.getFileName().toString();
            if (!(name.startsWith("echo-") && name.endsWith(".jar") && Files.isRegularFile(jar))) {
                entries.add(entry);
                continue;
            }
            Path dir = Files.createDirectory(into.resolve(name.substring(0, name.length() - 4)));
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(jar))) {
                for (ZipEntry file; (file = zip.getNextEntry()) != null; ) {
                    Path target = dir.resolve(file.getName()).normalize();
                    if (!target.startsWith(dir) || file.isDirectory()) {
                        continue;
                    }
                    Files.createDirectories(target.getParent());
                    Files.copy(zip, target);
                }
            }
            entries.add(dir.toString());
        }
        return String.join(File.pathSeparator, entries);
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).collect(Collectors.toList())) {
                Files.delete(file);
            }
        }
    }

    public ChildJvm server() {
        return server;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** The clients connected so far (the last may be waiting in the backlog, not accepted). */
    public List<SocketChannel> clients() {
        return clients;
    }

    /** A condition the connecting loop checks (it may read the server's log). */
    public interface Condition {
        boolean holds() throws IOException;
    }

    /**
     * Connects clients until the server has every descriptor in use and has met the shortage: its log says an
     * accept() failed ("Too many open files"). Stopping at the count alone raced the server: the descriptors
     * could be given back before its acceptor ever took the failed accept's path, and a class that path loads
     * for the first time then loaded fine; 03's test passed 2 runs in 3 without 03's preload.
     */
    public void exhaust() throws Exception {
        connectUntil(() -> server.openFiles() >= LIMIT && server.stderr().contains("Too many open files"));
    }

    /**
     * Connects clients one at a time, each sending the ping and waiting for its echo, until {@code done} holds.
     * At most one client is then left unaccepted, in the backlog (its echo never came). (Linux fails accept() for
     * want of a descriptor even with nobody in the backlog, so there may be none.)
     */
    public void connectUntil(Condition done) throws Exception {
        while (!done.holds()) {
            assertTrue(clients.size() < 2 * LIMIT, "the server never ran out of file descriptors");
            assertTrue(server.isAlive(), "the server died: " + server.stderr());
            try {
                SocketChannel client = SocketChannel.open(address); // completes in the backlog, accepted or not
                clients.add(client);
                client.configureBlocking(false);
                client.write(ByteBuffer.wrap(ping));
                ByteBuffer echo = ByteBuffer.allocate(ping.length);
                long deadline = System.nanoTime() + WAIT_NANOS;
                while (echo.hasRemaining() && !done.holds()) {
                    assertTrue(System.nanoTime() < deadline, "neither an echo nor the end: " + server.stderr());
                    if (client.read(echo) == 0) {
                        Thread.sleep(5);
                    }
                }
            } catch (IOException e) {
                fail("client " + (clients.size() + 1) + ": " + e.getMessage() + " (the server died?): "
                        + server.stderr());
            }
        }
    }

    /** Connects one more client without waiting for its echo (it may wait in the backlog). */
    public void connectOneMore() throws IOException {
        SocketChannel client = SocketChannel.open(address);
        clients.add(client);
        client.configureBlocking(false);
        client.write(ByteBuffer.wrap(ping));
    }

    /**
     * Every client leaves (half-close) and must see the server close its connection: the close path runs for
     * each, and frees its descriptor, which lets the one waiting in the backlog (if any) in, to end the same way.
     */
    public void releaseAll() throws Exception {
        for (SocketChannel client : clients) {
            client.shutdownOutput();
        }
        ByteBuffer rest = ByteBuffer.allocate(64);
        for (SocketChannel client : clients) {
            long deadline = System.nanoTime() + WAIT_NANOS;
            try {
                while (client.read(rest.clear()) >= 0) {
                    assertTrue(System.nanoTime() < deadline, "the server did not close a client that left: "
                            + server.stderr());
                    Thread.sleep(5);
                }
            } catch (IOException e) {
                fail("a client that left was not closed but " + e.getMessage() + " (the server died?): "
                        + server.stderr());
            }
            client.close();
        }
        clients.clear();
    }

    /** A new client is accepted and echoed, and nothing in the server died of the shortage. */
    public void assertStillServes() throws Exception {
        for (int i = 0; i < 3; i++) { // more than one: a thread that died serving the first would show here
            try (TestClient client = TestClient.connect(address)) {
                assertArrayEquals(ping, client.echo(ping), "served once descriptors are free: " + server.stderr());
            } catch (IOException e) {
                fail("new client " + (i + 1) + " once descriptors are free: " + e.getMessage() + "; the server's log: "
                        + server.stderr());
            }
        }
        String stderr = server.stderr();
        assertTrue(server.isAlive(), "the server goes on: " + stderr);
        for (String death : List.of("NoClassDefFoundError", "Exception in thread", "OutOfMemoryError")) {
            assertFalse(stderr.contains(death), "out of descriptors, something died: " + stderr);
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel client : clients) {
            client.close();
        }
        server.close();
        delete(classes);
    }

    @Override
    public String toString() {
        return "server on " + address + ", ping " + Arrays.toString(ping);
    }
}
