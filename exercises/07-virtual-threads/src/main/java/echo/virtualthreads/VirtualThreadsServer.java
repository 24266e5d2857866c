package echo.virtualthreads;

import echo.common.ServerConfig;
import echo.threadperclient.ThreadPerClientEvents;
import echo.threadperclient.ThreadPerClientServer;

/**
 * Exercise 07 (JDK 21+): chapter 07's server with its one change taken out. Judge it with
 * {@code mvn -q -pl exercises/07-virtual-threads test -Dexercise} (a JDK 21+ as JAVA_HOME). The solution is the
 * chapter's own class, 07-virtual-threads/src/main/java/echo/virtualthreads/VirtualThreadsServer.java.
 *
 * <p>Chapter 07: chapter 02's thread-per-connection server, line for line, with one change: each connection's
 * thread is a virtual thread. The code still blocks in {@code read()} and {@code write()}; when it does, the JDK
 * parks the virtual thread and frees the OS thread it ran on (a "carrier") for another one, so thousands of
 * connections share a handful of OS threads, as chapter 05's selector loop does by hand.
 */
public final class VirtualThreadsServer extends ThreadPerClientServer {

    public VirtualThreadsServer(ServerConfig config) {
        this(config, ThreadPerClientEvents.NONE);
    }

    public VirtualThreadsServer(ServerConfig config, ThreadPerClientEvents events) {
        // TODO exercise 07: this is chapter 02 as it was: one platform (OS) thread per connection. Make the
        // factory give virtual threads instead, named echo-07-virtual-threads-conn-1, -2, ... (the JDK's
        // Thread.Builder can number them). Nothing else changes. Hint: 07-virtual-threads/README.md, "The code".
        super(config, VirtualThreadsChapter.ID,
                task -> new Thread(task, "echo-" + VirtualThreadsChapter.ID + "-conn-platform"),
                events);
    }
}
