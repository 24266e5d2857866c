package echo.common;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;

/**
 * The echo loop of the blocking chapters (01, 02, 03 and 07 share it; what differs between them is only which
 * thread runs it). Chapter 01's README walks through it line by line.
 */
public final class BlockingEcho {
    private BlockingEcho() {
    }

    /**
     * Echoes everything {@code socket} sends until the client half-closes or goes away, then closes the socket.
     * Never throws: how the connection ended is one log line.
     */
    public static void serve(Socket socket, int bufferSize, System.Logger log) {
        serve(socket, bufferSize, log, BlockingEvents.NONE);
    }

    /** {@link #serve(Socket, int, System.Logger)}, telling {@code events} what happens (DESIGN.md, tracing). */
    public static void serve(Socket socket, int bufferSize, System.Logger log, BlockingEvents events) {
        SocketAddress client = socket.getRemoteSocketAddress();
        log.log(System.Logger.Level.DEBUG, "client " + client + " connected");
        BlockingEvents.End end;
        try (socket) {
            try {
                echoUntilEof(socket, bufferSize, events);
                log.log(System.Logger.Level.DEBUG, "client " + client + " done");
                end = BlockingEvents.End.DONE;
            } catch (SocketTimeoutException e) {
                log.log(System.Logger.Level.INFO, "client " + client + " idle too long, closed");
                end = BlockingEvents.End.IDLE;
            } catch (IOException e) {
                // This catch is inside try (socket), so the socket is still open unless someone else closed it.
                // (A catch on the try-with-resources itself runs after the close: isClosed() would always be true.)
                if (socket.isClosed()) { // closed under us: the server is shutting down, not the client's doing
                    log.log(System.Logger.Level.DEBUG, "client " + client + " closed by the server");
                    end = BlockingEvents.End.CLOSED_BY_SERVER;
                } else { // reset by the peer, or some other failure: the client is gone. One line, no trace.
                    log.log(System.Logger.Level.INFO, "client " + client + " dropped: " + e.getMessage());
                    end = BlockingEvents.End.DROPPED;
                }
            }
        } catch (IOException closeFailed) {
            // Closing a socket whose peer is gone: nothing left to tell anyone.
            end = BlockingEvents.End.DROPPED;
        }
        events.ended(socket, end);
    }

    /**
     * Reads and writes back until end of stream. A blocking write returns only when every byte is handed to the
     * kernel, so when read() reports end of stream (the client shut its output) nothing is pending: all that is
     * left is to say "done" by closing our side.
     */
    public static void echoUntilEof(Socket socket, int bufferSize) throws IOException {
        echoUntilEof(socket, bufferSize, BlockingEvents.NONE);
    }

    /** {@link #echoUntilEof(Socket, int)}, telling {@code events} about each wait, read and write. */
    public static void echoUntilEof(Socket socket, int bufferSize, BlockingEvents events) throws IOException {
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        byte[] buffer = new byte[bufferSize];
        int n;
        events.reading(socket);
        while ((n = in.read(buffer)) != -1) {
            events.read(socket, buffer, n);
            out.write(buffer, 0, n);
            events.wrote(socket, buffer, n);
            events.reading(socket);
        }
        socket.shutdownOutput();
    }
}
