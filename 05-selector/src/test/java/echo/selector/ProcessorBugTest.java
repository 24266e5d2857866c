package echo.selector;

import echo.common.ServerConfig;
import echo.testkit.TestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Handler's safety net: a bug in a Processor closes that connection, not the server, and leaks nothing into
 * the next connection served (the replies it collected are views of the one shared read buffer).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProcessorBugTest {
    /** Echoes, except that input starting with 'X' is echoed and then makes it fail, as a buggy protocol might. */
    private static final Processor FAILS_AFTER_SENDING = (input, reply) -> {
        boolean fail = input.get(input.position()) == 'X';
        reply.send(input);
        if (fail) {
            throw new IllegalStateException("a bug in the processor (expected by this test)");
        }
    };

    /** Echoes, except that input starting with 'P' is echoed and then rejected as a protocol error. */
    private static final Processor REJECTS_AFTER_SENDING = (input, reply) -> {
        boolean reject = input.get(input.position()) == 'P';
        reply.send(input);
        if (reject) {
            throw new ProtocolException("rejected by the test");
        }
    };

    /** The same for a protocol error (06: frames, then a bad header, in one read): the replies go with it. */
    @Test
    void aProtocolErrorDropsWhatTheProcessorSentBeforeIt() throws IOException {
        try (SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), "test-05-protocol",
                () -> REJECTS_AFTER_SENDING)) {
            server.start();
            try (TestClient rejected = TestClient.connect(server.address())) {
                rejected.write("PSECRET-OF-CLIENT-A".getBytes());
                assertEquals(0, rejected.bytesUntilClosed(), "the rejected connection is closed, its reply dropped");
            }
            try (TestClient next = TestClient.connect(server.address())) {
                assertArrayEquals("hi".getBytes(), next.echo("hi".getBytes()));
                next.shutdownOutput();
                assertEquals(0, next.readUntilEof().length, "exactly its own bytes: nothing of the other client's");
            }
        }
    }

    @Test
    void aFailingProcessorClosesItsConnectionAndLeaksNothingIntoTheNext() throws IOException {
        try (SelectorServer server = new SelectorServer(ServerConfig.defaults().withPort(0), "test-05-bug",
                () -> FAILS_AFTER_SENDING)) {
            server.start();
            try (TestClient failing = TestClient.connect(server.address())) {
                failing.write("XSECRET-OF-CLIENT-A".getBytes());
                assertEquals(0, failing.bytesUntilClosed(), "the failing connection is closed, its reply dropped");
            }
            try (TestClient next = TestClient.connect(server.address())) {
                assertArrayEquals("hi".getBytes(), next.echo("hi".getBytes()));
                next.shutdownOutput();
                assertEquals(0, next.readUntilEof().length, "exactly its own bytes: nothing of the other client's");
            }
        }
    }
}
