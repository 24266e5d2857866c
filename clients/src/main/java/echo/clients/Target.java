package echo.clients;

import echo.common.Net;
import echo.common.Protocol;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a client talks to a server and in which protocol: a TCP address or a Unix domain socket file, speaking raw
 * echo, framed echo or datagrams (see DESIGN.md, "The protocols").
 */
public record Target(SocketAddress address, Protocol protocol) {

    public Target {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        if (protocol == Protocol.DATAGRAM && !(address instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("datagrams go to a host and port, not to " + address);
        }
    }

    public static Target tcp(String host, int port, Protocol protocol) {
        return new Target(new InetSocketAddress(host, port), protocol);
    }

    public static Target unix(Path socketFile, Protocol protocol) {
        return new Target(UnixDomainSocketAddress.of(socketFile), protocol);
    }

    /** For messages: {@code 127.0.0.1:20000} or the socket file's path. */
    public String where() {
        return Net.describe(address);
    }

    /** For headings: {@code raw echo on 127.0.0.1:20000}. */
    public String describe() {
        String how = switch (protocol) {
            case RAW -> "raw echo";
            case FRAMED -> "framed echo";
            case DATAGRAM -> "UDP echo";
        };
        return how + " on " + where();
    }
}
