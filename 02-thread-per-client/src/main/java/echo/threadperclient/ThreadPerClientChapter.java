package echo.threadperclient;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;

import java.util.Set;

/** Chapter 02 as the rest of the project sees it: a thread per client, with an optional connection limit. */
public final class ThreadPerClientChapter implements Chapter {
    static final String ID = "02-thread-per-client";

    public static void main(String[] args) {
        Launcher.run(new ThreadPerClientChapter(), args);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "a thread per client";
    }

    @Override
    public Protocol protocol() {
        return Protocol.RAW;
    }

    @Override
    public Set<Promise> promises() {
        return Set.of(Promise.CONCURRENT_CLIENTS);
    }

    @Override
    public Set<Option> options() {
        return Set.of(Option.MAX_CONNECTIONS);
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new ThreadPerClientServer(config);
    }
}
