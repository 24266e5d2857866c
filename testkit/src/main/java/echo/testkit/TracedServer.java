package echo.testkit;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Net;
import echo.common.ServerConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The set-up every {@code WatchItTest} shares: a server watched by a fresh {@link TraceCapture}, started, and the
 * clients that talk to it, all closed in one go (clients, then the server, then the trace), so that a test is its
 * scenario and its expected events only:
 *
 * <pre>{@code
 * try (TracedServer watched = TracedServer.start(new SelectorChapter(), ServerConfig.defaults().withPort(0))) {
 *     TestClient a = watched.connect();
 *     a.echo("hi".getBytes());
 *     watched.trace().awaitInOrder("accepted " + TracedServer.name(a), "read 2 bytes from " + TracedServer.name(a));
 * }
 * }</pre>
 */
public final class TracedServer implements AutoCloseable {
    private final TraceCapture trace;
    private final EchoServer server;
    private final List<TestClient> clients = new ArrayList<>();

    private TracedServer(TraceCapture trace, EchoServer server) {
        this.trace = trace;
        this.server = server;
    }

    /** The chapter's server as {@code --trace} builds it ({@code chapter.create(config, trace.watch())}), started. */
    public static TracedServer start(Chapter chapter, ServerConfig config) throws IOException {
        return start(chapter, config, new TraceCapture());
    }

    /** The same on a capture of the test's own, e.g. {@code new TraceCapture(1 << 12, true)} for payload previews. */
    public static TracedServer start(Chapter chapter, ServerConfig config, TraceCapture trace) throws IOException {
        return start(trace, capture -> chapter.create(config, capture.watch()));
    }

    /**
     * A server the test builds on {@code trace} itself (a chapter's watcher on {@code trace.trace()}, whose counts
     * the test also reads; or a capture with payload previews), started. Closes the capture if the server fails.
     */
    public static TracedServer start(TraceCapture trace, Function<TraceCapture, EchoServer> build) throws IOException {
        EchoServer server = null;
        try {
            server = build.apply(trace);
            server.start();
            return new TracedServer(trace, server);
        } catch (IOException | RuntimeException | Error e) {
            if (server != null) {
                server.close();
            }
            trace.close();
            throw e;
        }
    }

    public TraceCapture trace() {
        return trace;
    }

    public EchoServer server() {
        return server;
    }

    public SocketAddress address() {
        return server.address();
    }

    /** A client connected to the server, closed with it. */
    public TestClient connect() throws IOException {
        TestClient client = TestClient.connect(server.address());
        clients.add(client);
        return client;
    }

    /**
     * {@code --trace} shows lengths, never payload; {@code --trace=bytes} adds a preview: one echo of
     * {@code "secret\n"} on the chapter's server, traced both ways (01 and 05 show it in their "Watch it").
     */
    public static void assertLengthsOnlyUnlessBytesAreAskedFor(Chapter chapter, ServerConfig config)
            throws IOException {
        for (boolean bytes : new boolean[]{false, true}) {
            try (TracedServer watched = start(chapter, config, new TraceCapture(1 << 12, bytes))) {
                TraceCapture trace = watched.trace();
                watched.connect().echo("secret\n".getBytes());
                String read = trace.await("read 7 bytes").text();
                assertEquals(bytes, read.endsWith(" \"secret\\n\""), read);
                assertTrue(bytes || !trace.dump().contains("secret"), "no payload in the trace: " + trace.dump());
            }
        }
    }

    /** How the trace names a client: its own end's {@code ip:port} ({@link Net#describe}). */
    public static String name(TestClient client) {
        try {
            return Net.describe(client.channel().getLocalAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The clients (last first), then the server, then the trace's thread, once the lines so far are captured. */
    @Override
    public void close() throws IOException {
        IOException failed = null;
        for (int i = clients.size() - 1; i >= 0; i--) {
            try {
                clients.get(i).close();
            } catch (IOException e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        try {
            server.close();
        } finally {
            trace.close();
        }
        if (failed != null) {
            throw failed;
        }
    }
}
