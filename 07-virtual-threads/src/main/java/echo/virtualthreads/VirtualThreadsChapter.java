package echo.virtualthreads;

import echo.common.Chapter;
import echo.common.EchoServer;
import echo.common.Launcher;
import echo.common.Option;
import echo.common.Promise;
import echo.common.Protocol;
import echo.common.ServerConfig;

import java.util.Set;

/** Chapter 07 as the rest of the project sees it: chapter 02's server on virtual threads (JDK 21+). */
public final class VirtualThreadsChapter implements Chapter {
    static final String ID = "07-virtual-threads";

    public static void main(String[] args) {
        Launcher.run(new VirtualThreadsChapter(), args);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String title() {
        return "a virtual thread per client";
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
        return Set.of(Option.MAX_CONNECTIONS); // chapter 02's guard comes with its server
    }

    @Override
    public EchoServer create(ServerConfig config) {
        return new VirtualThreadsServer(config);
    }
}
