package echo.common;

import org.junit.jupiter.api.Test;

import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LauncherTest {
    /** A chapter that accepts the pool options, to check that options are per chapter. */
    private static final Chapter POOLED = new BaseChapter("99-test", "test chapter", Protocol.RAW, Set.of(),
            Set.of(Option.POOL, Option.IDLE_TIMEOUT, Option.UNIX), config -> {
                throw new UnsupportedOperationException();
            }) {
    };

    @Test
    void defaultsAreLoopbackAndTheClassicPort() {
        ServerConfig config = Launcher.parse(POOLED);
        assertEquals("127.0.0.1", config.bindAddress());
        assertEquals(20000, config.port());
    }

    @Test
    void optionsFoldIntoTheConfig() {
        ServerConfig config = Launcher.parse(POOLED, "--port", "0", "--bind=0.0.0.0", "--pool", "3",
                "--idle-timeout", "7", "--unix", "/tmp/x.sock");
        assertEquals(0, config.port());
        assertEquals("0.0.0.0", config.bindAddress());
        assertEquals(3, config.poolSize());
        assertEquals(Duration.ofSeconds(7), config.idleTimeout());
        assertEquals(Path.of("/tmp/x.sock"), config.unixSocket());
    }

    @Test
    void mistakesAreOneClearSentence() {
        assertMessage("--port takes a whole number, got 'abc'", "--port", "abc");
        assertMessage("--port must be between 0 and 65535, got 70000", "--port", "70000");
        assertMessage("--pool must be between 1 and 100000, got 0", "--pool", "0");
        assertMessage("--port needs a value: --port N", "--port");
        assertMessage("unknown option '--max-frame' for 99-test", "--max-frame", "10");
        assertMessage("unknown option 'stray' for 99-test", "stray");
    }

    @Test
    void helpIsNotAnError() {
        assertThrows(CommandLine.HelpRequested.class, () -> Launcher.parse(POOLED, "--help"));
        String usage = Launcher.usage(POOLED);
        assertTrue(usage.contains("--pool N"), usage);
        assertTrue(!usage.contains("--max-frame"), "only this chapter's options are listed: " + usage);
    }

    @Test
    void howToTalkGivesTheExactCommands() {
        String line = Launcher.howToTalk(POOLED, new InetSocketAddress("127.0.0.1", 20000));
        assertTrue(line.contains("listening on 127.0.0.1:20000"), line);
        assertTrue(line.contains("nc 127.0.0.1 20000"), line);
    }

    @Test
    void aPortInUseNamesThePort() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            int port = squatter.getLocalPort();
            BindException e = assertThrows(BindException.class,
                    () -> Net.listen(ServerConfig.defaults().withPort(port)));
            assertEquals("port " + port + " on 127.0.0.1 is already in use"
                    + " (is another server running? pick another with --port)", e.getMessage());
        }
    }

    private static void assertMessage(String expected, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> Launcher.parse(POOLED, args));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void traceAndStatsAreSwitchesEveryChapterTakes() {
        Launcher.parse(POOLED, "--trace", "--port", "0", "--stats", "--trace=bytes");
        assertTrue(Launcher.watch(POOLED, new String[]{"--port", "0"}, System.out).trace() == Trace.OFF);
        Watch watch = Launcher.watch(POOLED, new String[]{"--trace"}, System.out);
        assertTrue(watch.trace().on() && !watch.trace().bytes() && !watch.stats() && watch.on());
        watch = Launcher.watch(POOLED, new String[]{"--trace=bytes", "--stats"}, System.out);
        assertTrue(watch.trace().bytes() && watch.stats());
        assertMessage("--trace takes no value, or =bytes for a preview of the payload; got 'loud'", "--trace=loud");
        assertMessage("--stats takes no value, got '--stats=2'", "--stats=2");
        String help = Launcher.usage(POOLED);
        assertTrue(help.contains("--trace[=bytes]") && help.contains("--stats "), help);
    }

    /** Only --stats turns the stats line on: another option given alone (--port) does not. */
    @Test
    void onlyStatsTurnsTheStatsLineOn() {
        assertTrue(!Launcher.watch(POOLED, new String[]{"--port", "0"}, System.out).stats());
        assertTrue(!Launcher.watch(POOLED, new String[]{"--trace"}, System.out).stats());
    }

    /** --help starts with the chapter's id and title. */
    @Test
    void theHelpStartsWithTheChaptersIdAndTitle() {
        String usage = Launcher.usage(POOLED);
        assertTrue(usage.startsWith("99-test: test chapter\nusage: "), usage);
    }

    /**
     * "The one line printed once the server listens: where, and the exact command to talk to it", word for word:
     * nc or the project's client for a raw TCP chapter (127.0.0.1 for a server bound to every address), the
     * client alone with --framed for a framed one, nc -u and --udp for a datagram one, nc -U and --unix for a
     * socket file.
     */
    @Test
    void howToTalkGivesTheExactCommandForEachKindOfChapter() {
        String client = "from the repository root: mvn -q -pl clients exec:java -Dexec.args=";
        assertEquals("99-test (test chapter) listening on 0.0.0.0:20000; talk to it: nc 127.0.0.1 20000   or, "
                + client + "\"--host 127.0.0.1 --port 20000\"; Ctrl-C stops it",
                Launcher.howToTalk(POOLED, new InetSocketAddress("0.0.0.0", 20000)));
        assertTrue(Launcher.howToTalk(POOLED, new InetSocketAddress("127.0.0.2", 20000))
                .contains("nc 127.0.0.2 20000"), "a server bound to one address is reached there");
        assertEquals("99-test (test chapter) listening on /tmp/e.sock; talk to it: nc -U /tmp/e.sock   or, "
                + client + "\"--unix /tmp/e.sock\"; Ctrl-C stops it",
                Launcher.howToTalk(POOLED, java.net.UnixDomainSocketAddress.of("/tmp/e.sock")));
        assertEquals("98-framed (framed) listening on 127.0.0.1:20000; talk to it (from the repository root): mvn -q -pl clients"
                + " exec:java -Dexec.args=\"--host 127.0.0.1 --port 20000 --framed\"; Ctrl-C stops it",
                Launcher.howToTalk(chapter("98-framed", "framed", Protocol.FRAMED),
                        new InetSocketAddress("127.0.0.1", 20000)));
        assertEquals("97-udp (udp) listening on 127.0.0.1:20000; talk to it: nc -u 127.0.0.1 20000   or, "
                + client + "\"--host 127.0.0.1 --port 20000 --udp\"; Ctrl-C stops it",
                Launcher.howToTalk(chapter("97-udp", "udp", Protocol.DATAGRAM),
                        new InetSocketAddress("127.0.0.1", 20000)));
    }

    private static Chapter chapter(String id, String title, Protocol protocol) {
        return new BaseChapter(id, title, protocol, Set.of(), Set.of(), config -> {
            throw new UnsupportedOperationException();
        }) {
        };
    }
}
