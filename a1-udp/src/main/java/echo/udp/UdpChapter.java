package echo.udp;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Launcher;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;

import java.util.Set;

/** Side chapter a1 as the rest of the project sees it: each datagram goes back to its sender. */
public final class UdpChapter implements Chapter {
    static final String ID = "a1-udp";

    public static void main(String[] args) {
        Launcher.run(new UdpChapter(), args);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "UDP, one datagram at a time";
    }

    @Override
    public Protocol protocol() {
        return Protocol.DATAGRAM;
    }

    @Override
    public Set<Promise> promises() {
        // Nobody can hold the loop up: there is no connection to wait on, and a reply to a client that does not
        // read is dropped by that client's kernel, not queued here.
        return Set.of(Promise.CONCURRENT_CLIENTS);
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new UdpServer(config);
    }
}
