package echo.virtualthreads;

import echo.common.ServerConfig;
import echo.threadperclient.ThreadPerClientEvents;
import echo.threadperclient.ThreadPerClientServer;

/**
 * Chapter 07: chapter 02's thread-per-connection server, line for line, with one change: each connection's thread
 * is a virtual thread. The code still blocks in {@code read()} and {@code write()}; when it does, the JDK parks the
 * virtual thread and frees the OS thread it ran on (a "carrier") for another one, so thousands of connections
 * share a handful of OS threads, as chapter 05's selector loop does by hand.
 */
public final class VirtualThreadsServer extends ThreadPerClientServer {

    public VirtualThreadsServer(ServerConfig config) {
        this(config, ThreadPerClientEvents.NONE);
    }

    public VirtualThreadsServer(ServerConfig config, ThreadPerClientEvents events) {
        super(config, VirtualThreadsChapter.ID,
                // Names echo-07-virtual-threads-conn-1, -2, ...; the factory is safe to use from any thread.
                Thread.ofVirtual().name("echo-" + VirtualThreadsChapter.ID + "-conn-", 1).factory(),
                events);
    }
}
