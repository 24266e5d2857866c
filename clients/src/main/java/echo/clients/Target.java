package echo.clients;

import echo.common.CommandLine;
import echo.common.CommandLine.Flag;
import echo.common.Net;
import echo.common.Protocol;
import echo.common.ServerConfig;
import echo.common.UsageException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Where a client talks to a server and in which protocol: a TCP address or a Unix domain socket file, speaking raw
 * echo, framed echo or datagrams (see DESIGN.md, "The protocols").
 */
public record Target(SocketAddress address, Protocol protocol) {

    /** The flags both clients take to say where the server is and what it speaks; see {@link #from}. */
    static final List<Flag> FLAGS = List.of(
            Flag.withValue("--host", "HOST", "server address (default 127.0.0.1)"),
            Flag.withValue("--port", "N", "server port (default 20000)"),
            Flag.withValue("--unix", "PATH", "connect to a Unix domain socket file instead of a port (a2)"),
            Flag.toggle("--framed", "frames: a 4-byte big-endian length, then the bytes (06, 08 --framed)"),
            Flag.toggle("--udp", "datagrams (a1)"));

    public Target {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(protocol, "protocol");
        if (protocol == Protocol.DATAGRAM && !(address instanceof InetSocketAddress)) {
            throw new IllegalArgumentException("datagrams go to a host and port, not to " + address);
        }
    }

    /** The server {@link #FLAGS} describe: 127.0.0.1:20000 raw echo unless told otherwise. */
    static Target from(CommandLine.Parsed line) {
        boolean framed = line.has("--framed");
        boolean udp = line.has("--udp");
        if (framed && udp) {
            throw new UsageException("--framed and --udp cannot be combined: a datagram keeps its own boundaries");
        }
        Protocol protocol = framed ? Protocol.FRAMED : udp ? Protocol.DATAGRAM : Protocol.RAW;
        String unix = line.text("--unix", null);
        if (unix != null) {
            if (udp) {
                throw new UsageException("--udp and --unix cannot be combined: the UDP chapter listens on a port");
            }
            if (line.has("--host") || line.has("--port")) {
                throw new UsageException("--unix replaces --host and --port: give one or the other");
            }
            return unix(Path.of(unix), protocol);
        }
        String host = line.text("--host", ServerConfig.DEFAULT_BIND);
        int port = line.number("--port", ServerConfig.DEFAULT_PORT, 1, 65535);
        return tcp(host, port, protocol);
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
