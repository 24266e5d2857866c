package echo.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How many connections the kernel has completed on a listening port that nobody has {@code accept()}ed yet: the
 * accept queue, which no Java API shows. Linux shows it in {@code /proc/net/tcp} and {@code /proc/net/tcp6}: for
 * a socket in state LISTEN ({@code 0A}), the {@code rx_queue} column is the current length of its accept queue
 * (and {@code tx_queue} its limit, the backlog). A trace uses it to show chapter 01's waiting clients: connected,
 * and nobody answers. Elsewhere (not Linux) it is unknown, and a trace says nothing rather than guess.
 */
public final class ListenBacklog {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final String LISTEN = "0A";

    private ListenBacklog() {
    }

    /** Whether this system says at all (Linux). */
    public static boolean available() {
        return Files.isReadable(TABLES.get(0));
    }

    /**
     * Connections waiting in the accept queue of the socket listening on {@code port}; -1 if unknown or not listening.
     * A table read while thousands of sockets come and go can miss a row: -1 now and then is not proof that the
     * listener is gone.
     */
    public static int waiting(int port) {
        String hexPort = String.format(":%04X", port);
        for (Path table : TABLES) {
            List<String> rows;
            try {
                rows = Files.readAllLines(table);
            } catch (IOException | SecurityException e) {
                continue;
            }
            for (String row : rows) {
                // sl local_address rem_address st tx_queue:rx_queue ...
                String[] f = row.trim().split("\\s+");
                if (f.length > 4 && f[1].endsWith(hexPort) && f[3].equals(LISTEN)) {
                    String[] queues = f[4].split(":");
                    return Integer.parseInt(queues[1], 16);
                }
            }
        }
        return -1; // no /proc, or no such listener (closed): nothing to say
    }
}
