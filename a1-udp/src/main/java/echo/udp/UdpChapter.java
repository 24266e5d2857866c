package echo.udp;

import echo.common.BaseChapter;
import echo.common.Launcher;
import echo.common.Promise;
import echo.common.Protocol;

import java.util.Set;

/** Side chapter a1 as the rest of the project sees it: each datagram goes back to its sender. */
public final class UdpChapter extends BaseChapter {
    static final String ID = "a1-udp";

    public UdpChapter() {
        super(ID, "UDP, one datagram at a time", Protocol.DATAGRAM,
                // Nobody can hold the loop up: there is no connection to wait on, and a reply to a client that
                // does not read is dropped by that client's kernel, not queued here.
                Set.of(Promise.CONCURRENT_CLIENTS),
                Set.of(),
                watched((config, watch) -> new UdpServer(config, UdpWatcher.eventsFor(watch, config.readBufferSize()))));
    }

    public static void main(String[] args) {
        Launcher.run(new UdpChapter(), args);
    }
}
