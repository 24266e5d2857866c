package echo.selector;

import echo.common.OpenConnections;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.WARNING;

/**
 * Exercise 05: chapter 05's Handler with its lesson taken out: the four TODOs, where OP_WRITE and OP_READ are
 * asked for and dropped. Everything else is given. Judge it with
 * {@code mvn -q -pl exercises/05-selector test -Dexercise}. The solution is the chapter's own class,
 * 05-selector/src/main/java/echo/selector/Handler.java.
 *
 * <p>Lea's Handler: one per connection, attached to its selection key. It reads, hands the bytes to its
 * {@link Processor}, and sends what the processor replies. This is where a selector server goes right or wrong:
 * <ul>
 *   <li>OP_WRITE is asked for only while output is pending, and dropped as soon as it drains;</li>
 *   <li>a partial write keeps its remainder and retries when the channel is writable again;</li>
 *   <li>half-close: after the client's end of stream, pending output is sent, and only then the socket closed;</li>
 *   <li>backpressure: past {@code maxPendingBytes} of output, stop reading from this client (drop OP_READ)
 *       until its output drains to {@code resumeReadingBelow()}, so one client that never reads cannot make
 *       the server buffer without limit;</li>
 *   <li>and the bound counts what is really held: pending output lives in a few buffers of at least
 *       {@link #MIN_BUFFER} bytes, filled one after the other, and is counted by their capacity.</li>
 * </ul>
 */
final class Handler implements Runnable, Processor.Reply {
    private final Reactor reactor;
    private final SocketChannel channel;
    private final SelectionKey key;
    private final Processor processor;

    /** The smallest buffer pending output gets: small replies share it instead of getting one object each. */
    static final int MIN_BUFFER = 4096;

    private ArrayDeque<ByteBuffer> pending; // output the kernel has not taken yet; null while there is none
    private long pendingBytes;              // the memory pending holds: its buffers' capacities, not their bytes
    private boolean inputEnded;             // the client shut its output: nothing more to read
    private boolean readingPaused;          // backpressure: OP_READ dropped until the output drains

    Handler(Reactor reactor, SocketChannel channel, SelectionKey key, Processor processor) {
        this.reactor = reactor;
        this.channel = channel;
        this.key = key;
        this.processor = processor;
    }

    @Override
    public void run() {
        try {
            if (key.isReadable()) {
                read();
            }
            if (key.isValid() && key.isWritable()) { // read() may have closed the connection
                flush();
            }
        } catch (IOException e) {
            // Reset by the client, or writing to one that has gone: the client's business, told in one line.
            close(INFO, "dropped: " + e.getMessage());
        } catch (RuntimeException bug) {
            // A bug in a processor must not take the whole server down with it: this connection goes, loudly.
            // What it sent before failing may be views of the shared read buffer: drop them, or the next
            // connection served would send them as its own (another client's bytes).
            reactor.discardReplies();
            reactor.log.log(WARNING, "closing " + describe(channel, reactor.address()) + " after an error", bug);
            close(INFO, "closed after an error");
        }
    }

    private void read() throws IOException {
        ByteBuffer input = reactor.readBuffer.clear();
        int n = channel.read(input);
        if (n < 0) {
            endOfInput();
            return;
        }
        if (n == 0) {
            return;
        }
        input.flip();
        reactor.events.read(channel, input);
        try {
            processor.process(input, this);
        } catch (ProtocolException e) {
            reactor.discardReplies();
            close(INFO, e.getMessage() + "; closed");
            return;
        }
        sendReplies();
        // TODO exercise 05, part 3 (backpressure): past reactor.config().maxPendingBytes() of pending output this
        // client sends faster than it reads its echo. Stop reading from it (drop OP_READ, set readingPaused, tell
        // reactor.events.readingPaused(channel, true, pendingBytes)): its bytes then wait in the kernel, and TCP's
        // flow control stops the client. Hint: 05-selector/README.md, "The pitfalls" (backpressure).
    }

    /** Processor.Reply: collect now, write once process() returns (see sendReplies). */
    @Override
    public void send(ByteBuffer bytes) {
        if (reactor.replyCount == reactor.replies.length) {
            reactor.replies = java.util.Arrays.copyOf(reactor.replies, reactor.replyCount * 2);
        }
        reactor.replies[reactor.replyCount++] = bytes;
    }

    /** Writes what the processor sent, in one system call when it can, and keeps a copy of what is left. */
    private void sendReplies() throws IOException {
        ByteBuffer[] replies = reactor.replies;
        int count = reactor.replyCount;
        reactor.replyCount = 0;
        if (pending == null && count > 0) {
            // Nothing waits before these bytes, so they go now, straight from the read buffer: in the common
            // case (a small message, room in the socket's send buffer) there is no copy, no queue, no OP_WRITE.
            long n = count == 1 ? channel.write(replies[0])
                    : channel.write(replies, 0, count); // a gathering write: many replies, one system call
            reactor.events.wrote(channel, n, replies, count);
        }
        for (int i = 0; i < count; i++) {
            if (replies[i].hasRemaining()) {
                // Pitfall: a partial write. The kernel took only part (its send buffer is full). Keep the rest, in
                // order, as a copy: the read buffer is reused by the next connection the loop serves.
                keep(replies[i]);
            }
            replies[i] = null;
        }
    }

    /**
     * Copies what the kernel did not take to the end of the pending output: into the spare room of the last
     * pending buffer first, then into a new buffer of at least {@link #MIN_BUFFER} bytes.
     *
     * <p>Why not one exact-sized copy per reply: a buffer costs its object and array headers whatever it holds (some
     * 80 bytes for a 4-byte one). A client that floods 4-byte replies (chapter 06's empty frames) and never reads
     * would make the server hold 20 times the bytes it counts, and {@code maxPendingBytes} would bound nothing. Sharing buffers makes the
     * headers negligible, and counting capacities ({@link #queue}) makes the count the truth.
     */
    private void keep(ByteBuffer rest) {
        ByteBuffer tail = pending == null ? null : pending.peekLast();
        if (tail != null && tail.limit() < tail.capacity()) {
            int end = tail.limit(); // a pending buffer's bytes are position..limit; limit..capacity is free
            int n = Math.min(rest.remaining(), tail.capacity() - end);
            tail.limit(end + n).put(end, rest, rest.position(), n);
            rest.position(rest.position() + n);
        }
        if (rest.hasRemaining()) {
            queue(ByteBuffer.allocate(Math.max(rest.remaining(), MIN_BUFFER)).put(rest).flip());
        }
    }

    private void queue(ByteBuffer buffer) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
            // TODO exercise 05, part 1: output is pending now, and only the selector can say when the socket has
            // room again. Ask it (OP_WRITE), now and not before, and tell reactor.events.writeInterest(channel, true).
            // Hint: 05-selector/README.md, "The pitfalls".
        }
        pending.add(buffer);
        pendingBytes += buffer.capacity(); // held until its last byte is written, however little it holds
        reactor.events.held(channel, buffer.capacity(), pendingBytes);
    }

    /** OP_WRITE: the socket has room again. Send what is pending, oldest first. */
    private void flush() throws IOException {
        if (pending == null) {
            return;
        }
        while (!pending.isEmpty()) {
            ByteBuffer head = pending.peek();
            int n = channel.write(head);
            reactor.events.flushed(channel, n, head);
            if (head.hasRemaining()) {
                break; // partial again: the send buffer is full, wait for the next OP_WRITE
            }
            pending.poll(); // written out: its memory is free
            pendingBytes -= head.capacity();
            reactor.events.held(channel, -head.capacity(), pendingBytes);
        }
        if (pending.isEmpty()) {
            pending = null; // an idle connection holds no output memory at all
            // TODO exercise 05, part 2: drained. A socket with room in its send buffer is always writable: if the
            // key still asks for OP_WRITE, select() returns at once, for ever (one core at 100% doing nothing).
            // Tell reactor.events.writeInterest(channel, false) when you stop asking.
            if (inputEnded) {
                close(DEBUG, "done"); // half-close: the last pending byte is out, now we may close
                return;
            }
        }
        // TODO exercise 05, part 4 (backpressure, the other end): if reading is paused and the output has drained
        // to reactor.config().resumeReadingBelow() (the low watermark) or less, read from this client again (and
        // tell reactor.events.readingPaused(channel, false, pendingBytes)). Why two watermarks and not one: the
        // README says.
    }

    /** The client shut its output (half-close): it sends nothing more but may still be reading. */
    private void endOfInput() throws IOException {
        inputEnded = true;
        // Pitfall: at end of stream a channel stays readable for ever (every read returns -1 at once). Still
        // asking for OP_READ would make the loop spin on this connection.
        key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
        reactor.events.endOfInput(channel, pending != null);
        try {
            processor.endOfInput();
        } catch (ProtocolException e) {
            reactor.log.log(INFO, "client " + describe(channel, reactor.address()) + ": " + e.getMessage());
        }
        sendReplies();
        if (pending == null) {
            close(DEBUG, "done");
        }
        // Otherwise flush() closes once the last pending byte is out. Closing now would drop it: the pitfall.
    }

    private void close(System.Logger.Level level, String why) {
        if (!channel.isOpen()) {
            return; // closed already (a bug surfacing after the close must not count it twice)
        }
        if (reactor.log.isLoggable(level)) {
            reactor.log.log(level, "client " + describe(channel, reactor.address()) + " " + why);
        }
        reactor.events.closed(channel, why, pendingBytes, readingPaused);
        pending = null;
        OpenConnections.closeQuietly(channel); // cancels the key too: the next select() forgets the channel
    }

    /** The client's address for a log line; a Unix socket's clients have none, so say where they came in. */
    static String describe(SocketChannel channel, SocketAddress listening) {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            return remote instanceof InetSocketAddress ? remote.toString() : "on " + listening;
        } catch (IOException e) {
            return "(address unknown: " + e.getMessage() + ")";
        }
    }
}
