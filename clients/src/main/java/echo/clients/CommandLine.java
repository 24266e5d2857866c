package echo.clients;

import echo.common.Protocol;
import echo.common.ServerConfig;
import echo.common.UsageException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The clients' small command line: {@code --flag value}, {@code --flag=value} and on/off switches like
 * {@code --framed}. Mistakes are a {@link UsageException} whose message is the one line the user sees.
 */
final class CommandLine {
    /** The flags both clients use to say where the server is and what it speaks; see {@link #target()}. */
    static final Set<String> TARGET_VALUES = Set.of("--host", "--port", "--unix");
    static final Set<String> TARGET_SWITCHES = Set.of("--framed", "--udp");

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> switches = new HashSet<>();

    private CommandLine() {
    }

    /**
     * @param valueFlags  flags that take a value, e.g. {@code --port}
     * @param switchFlags flags that stand alone, e.g. {@code --framed}
     */
    static CommandLine parse(String[] args, Set<String> valueFlags, Set<String> switchFlags) {
        CommandLine line = new CommandLine();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            String value = null;
            int eq = flag.indexOf('=');
            if (flag.startsWith("--") && eq > 0) {
                value = flag.substring(eq + 1);
                flag = flag.substring(0, eq);
            }
            if (switchFlags.contains(flag) && value == null) {
                line.switches.add(flag);
            } else if (valueFlags.contains(flag)) {
                if (value == null) {
                    if (i + 1 >= args.length) {
                        throw new UsageException(flag + " needs a value");
                    }
                    value = args[++i];
                }
                line.values.put(flag, value);
            } else {
                throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        return line;
    }

    boolean has(String flag) {
        return switches.contains(flag) || values.containsKey(flag);
    }

    String text(String flag, String byDefault) {
        String value = values.getOrDefault(flag, byDefault);
        if (value != null && value.isBlank()) {
            throw new UsageException(flag + " needs a value");
        }
        return value;
    }

    long number(String flag, long byDefault, long min, long max) {
        String value = values.get(flag);
        if (value == null) {
            return byDefault;
        }
        long n;
        try {
            n = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " takes a whole number, got '" + value + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(flag + " must be between " + min + " and " + max + ", got " + n);
        }
        return n;
    }

    int number(String flag, int byDefault, int min, int max) {
        return (int) number(flag, (long) byDefault, min, max);
    }

    /** The server the target flags describe: 127.0.0.1:20000 raw echo unless told otherwise. */
    Target target() {
        boolean framed = has("--framed");
        boolean udp = has("--udp");
        if (framed && udp) {
            throw new UsageException("--framed and --udp cannot be combined: a datagram keeps its own boundaries");
        }
        Protocol protocol = framed ? Protocol.FRAMED : udp ? Protocol.DATAGRAM : Protocol.RAW;
        String unix = text("--unix", null);
        if (unix != null) {
            if (udp) {
                throw new UsageException("--udp and --unix cannot be combined: the UDP chapter listens on a port");
            }
            if (has("--host") || has("--port")) {
                throw new UsageException("--unix replaces --host and --port: give one or the other");
            }
            return Target.unix(Path.of(unix), protocol);
        }
        String host = text("--host", ServerConfig.DEFAULT_BIND);
        int port = number("--port", ServerConfig.DEFAULT_PORT, 1, 65535);
        return Target.tcp(host, port, protocol);
    }
}
