package echo.common;

import org.junit.jupiter.api.Test;

import java.io.Closeable;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The connections a server holds open: close() closes every one, and every one that arrives after it. */
class OpenConnectionsTest {

    /** A connection that counts its closes. */
    private static final class Conn implements Closeable {
        final AtomicInteger closes = new AtomicInteger();

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }

    @Test
    void removeClosesAndCloseAllClosesEveryOneAndEveryLateOne() {
        OpenConnections<Conn> open = new OpenConnections<>();
        Conn a = new Conn();
        Conn b = new Conn();
        Conn c = new Conn();
        assertTrue(open.add(a));
        assertTrue(open.add(b));
        assertTrue(open.add(c));
        assertEquals(3, open.size());
        open.remove(a);
        assertEquals(1, a.closes.get(), "remove() closes");
        assertEquals(2, open.size());
        open.closeAll();
        assertEquals(1, b.closes.get());
        assertEquals(1, c.closes.get());
        assertEquals(0, open.size());
        Conn late = new Conn();
        assertFalse(open.add(late), "accepted in the last instant, after close()");
        assertEquals(1, late.closes.get(), "and closed, not left open behind close()");
        assertEquals(0, open.size());
    }

    /** Closing is best effort: an IOException from close() is swallowed. */
    @Test
    void closeQuietlySwallowsAnIOException() {
        AtomicInteger calls = new AtomicInteger();
        OpenConnections.closeQuietly(() -> {
            calls.incrementAndGet();
            throw new IOException("peer gone");
        });
        assertEquals(1, calls.get());
    }
}
