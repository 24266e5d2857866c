package echo.common;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a server's event loop learns that a socket has work, for a chapter that can choose (08's {@code --transport}).
 * {@link #NIO} is the JDK's {@code Selector} and works everywhere; {@link #EPOLL} and {@link #IO_URING} are
 * Linux's own interfaces, reached through native code. Whether a native one is available is the chapter's
 * question to answer when it starts, not the parser's.
 */
public enum Transport {
    /** The JDK's {@code Selector}: readiness, the portable way (epoll underneath on Linux). */
    NIO("nio"),
    /** Linux's epoll, directly: readiness, the kernel says a socket is ready and we then read. */
    EPOLL("epoll"),
    /** Linux's io_uring: completion, we submit the read and the kernel says when it has filled our buffer. */
    IO_URING("io_uring");

    private final String label;

    Transport(String label) {
        this.label = label;
    }

    /** The name on the command line: {@code nio}, {@code epoll}, {@code io_uring}. */
    public String label() {
        return label;
    }

    /** The transport a command line names, or a one-line {@link UsageException} listing the ones there are. */
    public static Transport of(String label) {
        for (Transport transport : values()) {
            if (transport.label.equals(label.trim())) {
                return transport;
            }
        }
        throw new UsageException("--transport must be one of " + labels() + ", got '" + label + "'");
    }

    static String labels() {
        return Arrays.stream(values()).map(Transport::label).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return label;
    }
}
