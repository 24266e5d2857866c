package echo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What Linux says about a process, read from {@code /proc}: CPU time (all threads, user + kernel), live threads
 * and resident memory. Reading another process's files costs the measured process nothing, which is why the
 * scale figures come from here rather than from inside the server.
 */
final class ProcStat {
    /** Clock ticks per second that {@code /proc/PID/stat} counts CPU time in; {@code getconf CLK_TCK}. */
    static final long TICKS_PER_SECOND = clockTicksPerSecond();

    private ProcStat() {
    }

    /** One look at a process. */
    record Sample(long cpuTicks, int threads, long rssKiB) {
        double cpuSeconds() {
            return (double) cpuTicks / TICKS_PER_SECOND;
        }
    }

    static Sample sample(long pid) throws IOException {
        Path dir = Path.of("/proc", Long.toString(pid));
        String stat = Files.readString(dir.resolve("stat"), StandardCharsets.US_ASCII);
        String status = Files.readString(dir.resolve("status"), StandardCharsets.US_ASCII);
        return new Sample(cpuTicks(stat), statusNumber(status, "Threads:"), statusNumber(status, "VmRSS:"));
    }

    static long cpuTicks(long pid) throws IOException {
        return cpuTicks(Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.US_ASCII));
    }

    /**
     * utime + stime from a {@code /proc/PID/stat} line: CPU time of every thread of the process, live or ended,
     * in user and in kernel mode. The second field is the command name in parentheses and may itself hold spaces
     * and parentheses ("(Java Main)"), so fields are counted from the <em>last</em> ')': after it come field 3
     * (state), ..., field 14 (utime) and field 15 (stime) — see proc(5).
     */
    static long cpuTicks(String statLine) {
        int end = statLine.lastIndexOf(')');
        if (end < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + statLine);
        }
        String[] fields = statLine.substring(end + 1).trim().split("\\s+");
        final int stateField = 3;
        long utime = Long.parseLong(fields[14 - stateField]);
        long stime = Long.parseLong(fields[15 - stateField]);
        return utime + stime;
    }

    /** The number after {@code key} in {@code /proc/PID/status}, e.g. "Threads:" or "VmRSS:" (kB). */
    static int statusNumber(String status, String key) {
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                String value = line.substring(key.length()).trim();
                int space = value.indexOf(' ');
                return Integer.parseInt(space < 0 ? value : value.substring(0, space));
            }
        }
        throw new IllegalArgumentException("no '" + key + "' in /proc/PID/status");
    }

    /**
     * Connections waiting in the accept queue of the TCP socket listening on {@code port} (loopback or any
     * address), or -1 if there is none. For a listening socket, the rx_queue column of {@code /proc/net/tcp} is
     * exactly that count: connections the kernel has completed and the server has not yet accept()ed.
     */
    static int acceptQueue(int port) throws IOException {
        return acceptQueue(Files.readString(Path.of("/proc/net/tcp"), StandardCharsets.US_ASCII), port);
    }

    static int acceptQueue(String procNetTcp, int port) {
        String portHex = String.format("%04X", port);
        for (String line : procNetTcp.split("\n")) {
            // "  0: 0100007F:4E20 00000000:0000 0A 00000000:00000003 ...": local address, remote, state, queues
            String[] fields = line.trim().split("\\s+");
            if (fields.length > 4 && fields[1].endsWith(":" + portHex) && fields[3].equals("0A")) {
                return Integer.parseInt(fields[4].substring(fields[4].indexOf(':') + 1), 16);
            }
        }
        return -1;
    }

    /** Load average over the last minute, to show whether the machine was busy with something else. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return Long.parseLong(out);
            }
        } catch (IOException | RuntimeException e) {
            // Fall through to Linux's usual value.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 100; // USER_HZ on every mainstream Linux build
    }
}
