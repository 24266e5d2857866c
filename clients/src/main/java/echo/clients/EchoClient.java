package echo.clients;

import echo.common.CommandLine;
import echo.common.Frames;
import echo.common.Net;
import echo.common.Protocol;
import echo.common.UsageException;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The interactive client, like the classic recipe's: type a line, see its echo. End of input (Ctrl-D) half-closes
 * the connection; whatever the server still sends is printed, then the client exits.
 *
 * <p>Two threads, because the two directions are independent: one copies typed lines to the server, the other
 * prints what comes back. (A client that writes everything before reading anything can deadlock against an echo
 * server once both sides' socket buffers are full.)
 */
public final class EchoClient {
    static final CommandLine LINE = new CommandLine(Target.FLAGS);
    static final String USAGE = """
            usage (from the repository root): mvn -q -pl clients exec:java -Dexec.args="[options]"
            Type a line, see its echo. Ctrl-D (end of input) half-closes the connection: what the server
            still sends is printed, then the client exits.
            options:
            """ + LINE.help();

    /** How long to wait for the server to finish after our half-close, and for a datagram's reply. */
    static final Duration AFTER_HALF_CLOSE = Duration.ofSeconds(10);
    static final Duration DATAGRAM_REPLY = Duration.ofSeconds(2);

    private EchoClient() {
    }

    public static void main(String[] args) {
        int exitCode = run(args, System.in, System.out, System.err);
        System.out.flush();
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The whole client, with its streams passed in so tests can drive it; returns the exit code. */
    static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Target target;
        try {
            target = Target.from(LINE.parse(args));
        } catch (CommandLine.HelpRequested help) {
            out.print(USAGE);
            return 0;
        } catch (UsageException e) {
            err.println("echo client: " + e.getMessage() + " (try --help)");
            return 1;
        }
        BufferedReader lines = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
        try {
            switch (target.protocol()) {
                case RAW, FRAMED -> streamSession(target, lines, out, err);
                case DATAGRAM -> datagramSession(target, lines, out, err);
            }
            return 0;
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
    }

    private static void streamSession(Target target, BufferedReader lines, PrintStream out, PrintStream err)
            throws IOException {
        boolean framed = target.protocol() == Protocol.FRAMED;
        try (SocketChannel channel = Connect.open(target.address(), Connect.DEFAULT_TIMEOUT)) {
            err.println("connected to " + target.describe() + "; type a line, Ctrl-D to finish");
            CountDownLatch inputEnded = new CountDownLatch(1);
            Thread sender = new Thread(() -> sendLines(channel, lines, framed, err, inputEnded), "echo-client-input");
            // Daemon: if the server hangs up first, this thread may still sit in a read of the terminal.
            sender.setDaemon(true);
            sender.start();

            Thread printer = new Thread(() -> printReplies(channel, framed, out, err), "echo-client-output");
            printer.start();
            waitForEnd(printer, inputEnded, err);
        }
    }

    /** Copies typed lines to the server; at end of input, shuts our output (half-close) so the server sees EOF. */
    private static void sendLines(SocketChannel channel, BufferedReader lines, boolean framed, PrintStream err,
                                  CountDownLatch inputEnded) {
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                // Raw echo is a byte stream: the newline goes too, as with nc. A frame carries its own boundary.
                ByteBuffer message = framed ? Frames.encode(bytes) : ByteBuffer.wrap((line + "\n").getBytes(
                        StandardCharsets.UTF_8));
                while (message.hasRemaining()) {
                    channel.write(message);
                }
            }
            channel.shutdownOutput();
            err.println("(end of input: half-closed; printing what the server still sends)");
        } catch (IOException e) {
            if (channel.isOpen()) {
                err.println("cannot send: " + e.getMessage());
            }
        } finally {
            inputEnded.countDown();
        }
    }

    /** Prints whatever the server sends until it closes its side. */
    private static void printReplies(SocketChannel channel, boolean framed, PrintStream out, PrintStream err) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (true) {
                if (framed) {
                    ByteBuffer header = ByteBuffer.allocate(Frames.HEADER_BYTES);
                    if (!readFully(channel, header, true)) {
                        break;
                    }
                    int length = header.getInt(0);
                    if (length < 0 || length > 16 << 20) {
                        err.println("the server sent a frame header announcing " + Integer.toUnsignedString(length)
                                + " bytes; not reading that");
                        break;
                    }
                    ByteBuffer payload = ByteBuffer.allocate(length);
                    readFully(channel, payload, false);
                    out.println("frame of " + length + " bytes: "
                            + new String(payload.array(), StandardCharsets.UTF_8));
                } else {
                    buffer.clear();
                    int n = channel.read(buffer);
                    if (n < 0) {
                        break;
                    }
                    out.write(buffer.array(), 0, n);
                }
                out.flush();
            }
            err.println("(the server closed the connection)");
        } catch (IOException e) {
            if (channel.isOpen()) {
                err.println("connection lost: " + e.getMessage());
            }
        }
    }

    /**
     * Fills {@code buffer}. Returns false on a clean end of stream before its first byte; end of stream in the
     * middle is an error worth naming (a frame cut in half).
     */
    private static boolean readFully(SocketChannel channel, ByteBuffer buffer, boolean endAllowedBeforeFirstByte)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                if (buffer.position() == 0 && endAllowedBeforeFirstByte) {
                    return false;
                }
                throw new EOFException("the server closed the connection in the middle of a frame ("
                        + buffer.position() + " of " + buffer.capacity() + " bytes)");
            }
        }
        return true;
    }

    /**
     * The session ends when the server closes its side. While the user types that may take forever (that is the
     * point of an interactive client); once input has ended it gets {@link #AFTER_HALF_CLOSE}, no more.
     */
    private static void waitForEnd(Thread printer, CountDownLatch inputEnded, PrintStream err) {
        try {
            while (printer.isAlive() && !inputEnded.await(1, TimeUnit.SECONDS)) {
                printer.join(1);
            }
            printer.join(AFTER_HALF_CLOSE.toMillis());
            if (printer.isAlive()) {
                err.println("(the server did not close the connection within " + AFTER_HALF_CLOSE.toSeconds()
                        + " s of our half-close; closing it)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void datagramSession(Target target, BufferedReader lines, PrintStream out, PrintStream err)
            throws IOException {
        // Any local address: the route to --host picks the right one (127.0.0.1 would reach only loopback).
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.connect(target.address());
            socket.setSoTimeout((int) DATAGRAM_REPLY.toMillis());
            err.println("sending datagrams to " + Net.describe(target.address()) + "; type a line, Ctrl-D to finish");
            byte[] reply = new byte[EchoConnection.MAX_DATAGRAM_PAYLOAD];
            String line;
            while ((line = lines.readLine()) != null) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > EchoConnection.MAX_DATAGRAM_PAYLOAD) {
                    err.println("line too long for one datagram (" + bytes.length + " bytes); not sent");
                    continue;
                }
                socket.send(new DatagramPacket(bytes, bytes.length));
                DatagramPacket packet = new DatagramPacket(reply, reply.length);
                try {
                    socket.receive(packet);
                    out.println(new String(reply, 0, packet.getLength(), StandardCharsets.UTF_8));
                } catch (SocketTimeoutException e) {
                    out.println("no reply within " + DATAGRAM_REPLY.toSeconds() + " s (UDP may lose datagrams)");
                } catch (java.net.PortUnreachableException e) {
                    // A connected UDP socket hears of the ICMP "port unreachable" a closed port answers with.
                    out.println("no server on " + target.where() + " (port unreachable) — is the server running?");
                }
                out.flush();
            }
        }
    }
}
