package echo.poll;

import echo.common.Net;
import echo.common.ServerConfig;
import echo.common.Trace;
import echo.testkit.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When a shortage of descriptors ends, round by round, with no timing in it: the test turns the rounds itself
 * ({@link PollingServer#pollRound()}) on a listener whose accept() fails when the test says so. On Linux, accept()
 * fails for want of a descriptor even with nobody waiting, and a descriptor the JVM frees for a moment (a jar, /proc)
 * lets one accept() through that finds the queue empty: that is no end of the shortage. Ending it there gave one
 * WARNING per client trickling in (AcceptFailureTest saw four in one shortage); AcceptFailureTest shows the same
 * with real descriptors, but only when the JVM happens to free one.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShortageTest {
    private static final String FAILED = "accept failed";

    private ScriptedListener listener;
    private PollingServer server;
    private final PollWatcher watcher = new PollWatcher(Trace.OFF);
    private final LogCapture log = new LogCapture(PollingChapter.ID);

    @BeforeEach
    void listen() throws IOException {
        listener = new ScriptedListener(Net.listenChannel(ServerConfig.defaults().withPort(0)));
        server = new PollingServer(ServerConfig.defaults().withPort(0), watcher);
        server.listen(listener);
        log.attach();
    }

    @AfterEach
    void stop() {
        log.close();
        server.close();
    }

    @Test
    void aShortageIsOneWarningUntilAnAcceptSucceedsAndANewShortageIsANewWarning() throws Exception {
        round(Accept.FAILS);
        assertEquals(1, warnings(), "the first failed accept() is said");
        round(Accept.FAILS);
        round(Accept.FAILS);
        assertEquals(1, warnings(), "the same shortage, round after round: said once");

        round(Accept.FINDS_NOBODY); // a descriptor free for a moment, nobody waiting: no accept succeeded
        round(Accept.FAILS);
        assertEquals(1, warnings(), "an empty queue does not end a shortage; only a successful accept() does");

        try (SocketChannel client = SocketChannel.open(server.address())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (watcher.open() == 0) { // the real accept(): the client is in the backlog, or about to be
                assertTrue(System.nanoTime() < deadline, "the client was never accepted");
                server.pollRound();
            }
            round(Accept.FAILS);
            assertEquals(2, warnings(), "after a success, a failure is a new shortage, said again");
            round(Accept.FAILS);
            assertEquals(2, warnings(), log.records().toString());
        }
    }

    private void round(Accept next) {
        listener.script.add(next);
        server.pollRound();
        assertTrue(listener.script.isEmpty(), "the round called accept()");
    }

    private long warnings() {
        return log.records().stream()
                .filter(r -> r.getLevel() == Level.WARNING && r.getMessage().contains(FAILED)).count();
    }

    private enum Accept { FAILS, FINDS_NOBODY }

    /**
     * A real listener whose next accept() the test may script: fail as when out of descriptors, or find nobody.
     * Unscripted, it is the real one.
     */
    private static final class ScriptedListener extends ServerSocketChannel {
        final Queue<Accept> script = new ArrayDeque<>();
        private final ServerSocketChannel real;

        ScriptedListener(ServerSocketChannel real) {
            super(real.provider());
            this.real = real;
        }

        @Override
        public SocketChannel accept() throws IOException {
            Accept next = script.poll();
            if (next == Accept.FAILS) {
                throw new IOException("Too many open files");
            }
            return next == Accept.FINDS_NOBODY ? null : real.accept();
        }

        @Override
        public ServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
            real.bind(local, backlog);
            return this;
        }

        @Override
        public <T> ServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
            real.setOption(name, value);
            return this;
        }

        @Override
        public <T> T getOption(SocketOption<T> name) throws IOException {
            return real.getOption(name);
        }

        @Override
        public Set<SocketOption<?>> supportedOptions() {
            return real.supportedOptions();
        }

        @Override
        public ServerSocket socket() {
            return real.socket();
        }

        @Override
        public SocketAddress getLocalAddress() throws IOException {
            return real.getLocalAddress();
        }

        @Override
        protected void implCloseSelectableChannel() throws IOException {
            real.close();
        }

        @Override
        protected void implConfigureBlocking(boolean block) throws IOException {
            real.configureBlocking(block);
        }
    }
}
