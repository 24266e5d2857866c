package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.bench.testchapters.ThreadPerConnectionChapter;
import echo.clients.Target;
import echo.common.Protocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The servers' warm-up: its rounds, and fresh connections in each (see {@link ScaleRunner#warmUp}). */
class WarmUpTest {

    @Test
    void aWarmUpIsCutIntoRoundsOfHalfASecondWithTheRemainderInTheLast() {
        List<Duration> rounds = ScaleRunner.warmUpRounds(Duration.ofMillis(3200));
        assertEquals(6, rounds.size(), rounds::toString);
        assertEquals(List.of(500L, 500L, 500L, 500L, 500L, 700L), rounds.stream().map(Duration::toMillis).toList());
        assertEquals(List.of(Duration.ofMillis(300)), ScaleRunner.warmUpRounds(Duration.ofMillis(300)));
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500)),
                ScaleRunner.warmUpRounds(Duration.ofSeconds(1)));
        assertEquals(List.of(Duration.ZERO), ScaleRunner.warmUpRounds(Duration.ZERO));
    }

    @Test
    void everyRoundOfTheWarmUpOpensConnectionsOfItsOwn() throws IOException {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 64, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> acceptAndEcho(listener, accepted), "warm-up-test-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            ByteArrayOutputStream log = new ByteArrayOutputStream();
            ScaleRunner.warmUp(new ThreadPerConnectionChapter(), ServerProcess.config(),
                    Target.tcp("127.0.0.1", listener.getLocalPort(), Protocol.RAW), 64, Duration.ofMillis(1200),
                    new PrintStream(log, true, StandardCharsets.UTF_8), "");
            // Two rounds (500 ms, then 700 ms) of 16 connections each: one set of 16 for the whole warm-up would be
            // the warm-up that let 08's JIT throw its code away at the first close.
            assertEquals(32, accepted.get(), "connections accepted during the warm-up");
            String said = log.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("warm-up: 16 connections for 1.2 s, in 2 rounds of fresh connections"), said);
        }
    }

    private static void acceptAndEcho(ServerSocket listener, AtomicInteger accepted) {
        try {
            while (true) {
                Socket socket = listener.accept();
                accepted.incrementAndGet();
                Thread echo = new Thread(() -> echo(socket), "warm-up-test-echo");
                echo.setDaemon(true);
                echo.start();
            }
        } catch (IOException closed) {
            // The test closed the listener.
        }
    }

    private static void echo(Socket socket) {
        try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
            in.transferTo(out);
        } catch (IOException gone) {
            // The load client closed the connection at the end of its round.
        }
    }
}
