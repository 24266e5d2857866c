package echo.blocking;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Launcher;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;

import java.util.Set;

/** Chapter 01 as the rest of the project sees it: its name, what it promises (nothing beyond echo), its server. */
public final class BlockingChapter implements Chapter {
    static final String ID = "01-blocking";

    public static void main(String[] args) {
        Launcher.run(new BlockingChapter(), args);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "blocking, one client at a time";
    }

    @Override
    public Protocol protocol() {
        return Protocol.RAW;
    }

    @Override
    public Set<Promise> promises() {
        return Set.of(); // one client at a time: the contract asserts that the second one waits
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new BlockingServer(config);
    }
}
