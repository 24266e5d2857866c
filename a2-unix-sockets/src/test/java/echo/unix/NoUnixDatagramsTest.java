package echo.unix;

import org.junit.jupiter.api.Test;

import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;

import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JDK has Unix domain <em>stream</em> sockets (JDK 16+) but no Unix domain datagram channel: Python's
 * {@code socketserver.UnixDatagramServer} has no Java counterpart. (Should a JDK add one, this test fails, and the
 * README needs a new paragraph.)
 */
class NoUnixDatagramsTest {
    @Test
    void aUnixDatagramChannelIsUnsupported() {
        assertThrows(UnsupportedOperationException.class, () -> DatagramChannel.open(StandardProtocolFamily.UNIX));
    }
}
