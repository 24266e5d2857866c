package echo.udp;

import echo.common.Net;
import echo.common.Stats;
import echo.common.Trace;
import echo.common.Watch;

import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * Side chapter a1's {@code --trace} and {@code --stats}: a line per datagram in and out (lengths only, unless
 * {@code --trace=bytes}), truncations said as such; datagrams, bytes and truncations per second. The counters are
 * written by the server's one thread and read by the stats thread: volatile, one writer.
 */
final class UdpWatcher implements UdpEvents, Stats.Source {
    private final Trace trace;
    private final int largest; // the server's buffer holds one byte more: a datagram that fills it was larger
    private volatile long datagrams;
    private volatile long bytes;
    private volatile long truncated;

    UdpWatcher(Trace trace, int largest) {
        this.trace = trace;
        this.largest = largest;
    }

    static UdpEvents eventsFor(Watch watch, int largest) {
        return watch.on() ? watch.report(new UdpWatcher(watch.trace(), largest)) : UdpEvents.NONE;
    }

    @Override
    public void received(SocketAddress sender, ByteBuffer datagram) {
        datagrams++;
        bytes += datagram.remaining();
        if (trace.on()) {
            int n = datagram.remaining();
            trace.event("datagram from " + Net.describe(sender) + ", " + (n > largest ? "more than " + largest : n)
                    + " bytes" + trace.preview(datagram.array(), datagram.arrayOffset() + datagram.position(), datagram.remaining()));
        }
    }

    @Override
    public void truncated(SocketAddress sender, int largest) {
        truncated++;
        if (trace.on()) {
            trace.event("datagram from " + Net.describe(sender) + " is larger than " + largest
                    + " bytes: truncated, the kernel dropped the rest; echoing its first " + largest);
        }
    }

    @Override
    public void echoed(SocketAddress sender, int n) {
        if (trace.on()) {
            trace.event("echoed " + n + " bytes to " + Net.describe(sender));
        }
    }

    @Override
    public void notAnswered(SocketAddress sender) {
        if (trace.on()) {
            trace.event("could not answer " + Net.describe(sender));
        }
    }

    @Override
    public void sample(Stats.Sample sample) {
        sample.perSecond("datagrams", datagrams).perSecond("bytes", bytes).count("truncated", truncated);
    }
}
