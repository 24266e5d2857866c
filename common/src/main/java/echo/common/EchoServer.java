package echo.common;

import java.io.IOException;
import java.net.SocketAddress;

/**
 * The contract every chapter's server keeps, so that one set of tests and one benchmark can drive them all.
 *
 * <p>The life cycle is deliberately small: {@link #start()} once, then {@link #address()} to find it, then
 * {@link #close()} (as often as you like). A server is not started twice, nor after it was closed: make a new one.
 */
public interface EchoServer extends AutoCloseable {

    /**
     * Binds, begins serving in the background and returns once the server is accepting connections.
     *
     * @throws IllegalStateException when it was started already ({@code already started}) or closed
     *                               ({@code closed: ...}): refused before anything is opened, since a second
     *                               listener would be one that no {@link #close()} releases
     * @throws java.net.BindException when the address is taken; the message names the port (or socket file)
     * @throws IOException when the server cannot be started for another reason
     */
    void start() throws IOException;

    /**
     * The address the server is bound to, valid after {@link #start()}: an {@link java.net.InetSocketAddress}
     * (a config port of 0 becomes the ephemeral port the system chose) or, for a Unix domain socket, a
     * {@link java.net.UnixDomainSocketAddress}.
     */
    SocketAddress address();

    /**
     * Stops accepting, closes every connection, waits for every thread the server started to end and releases
     * the port. Calling it again, or before {@code start()}, does nothing.
     */
    @Override
    void close();
}
