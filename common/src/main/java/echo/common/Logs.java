package echo.common;

import java.util.logging.ConsoleHandler;
import java.util.logging.Handler;
import java.util.logging.Formatter;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Logging is the JDK's {@link System.Logger}, which writes through java.util.logging. Its default format spends
 * two lines on every record; {@link #init()} makes it one readable line per event:
 * {@code 14:02:07.123 INFO    05-selector: client /127.0.0.1:51234 connected}.
 *
 * <p>Levels: a connection opening or closing is DEBUG (shown when a chapter runs from its {@code main}, hidden in
 * tests and benchmarks that open thousands); anything a user should know about a connection (a reset, an
 * oversize frame, an idle time-out) is INFO; trouble with the server itself is WARNING or ERROR.
 * {@code -Decho.log.level=WARNING} (or FINE, ALL...) overrides the level.
 *
 * <p>A record that carries a throwable is a bug (a {@code RuntimeException} in a handler): after its one line
 * comes the full stack trace, causes included, because that is what the person fixing it needs. A user's mistake
 * (a bad argument, a port in use) is logged or printed without a throwable, and so stays one line.
 */
public final class Logs {
    private static final String ONE_LINE = "%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n";
    private static final String LEVEL_PROPERTY = "echo.log.level";
    /** JDK 21+ logs each Runtime.exit() at DEBUG with a stack trace; held so its level sticks (JUL forgets). */
    private static final Logger RUNTIME_EXIT = Logger.getLogger("java.lang.Runtime");

    private Logs() {
    }

    /** Call before the first log line; a format the user set with -D wins. */
    public static synchronized void init() {
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", ONE_LINE);
            for (Handler handler : Logger.getLogger("").getHandlers()) {
                if (handler instanceof ConsoleHandler) {
                    handler.setFormatter(new OneLine());
                }
            }
        }
        String level = System.getProperty(LEVEL_PROPERTY);
        if (level != null) {
            try {
                setLevel(Level.parse(level.trim().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                System.err.println("-D" + LEVEL_PROPERTY + "=" + level + " is not a level (try WARNING, INFO, FINE,"
                        + " ALL); using INFO");
            }
        }
    }

    /** For a server run by hand: show connections coming and going, unless {@code -Decho.log.level} says otherwise. */
    public static void showConnections() {
        init();
        if (System.getProperty(LEVEL_PROPERTY) == null) {
            setLevel(Level.FINE);
            RUNTIME_EXIT.setLevel(Level.INFO); // a user's mistake stays one line on stderr, on every JDK
        }
    }

    /** A logger named after the chapter, so each line says which server wrote it. */
    public static System.Logger logger(String chapterId) {
        init();
        return System.getLogger(chapterId);
    }

    /** The one-line format, with System.Logger's level names (DEBUG, not java.util.logging's FINE). */
    static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord record) {
            String level = switch (record.getLevel().getName()) {
                case "FINEST", "FINER" -> "TRACE";
                case "FINE", "CONFIG" -> "DEBUG";
                case "SEVERE" -> "ERROR";
                case "WARNING" -> "WARN";
                default -> record.getLevel().getName();
            };
            String thrown = record.getThrown() == null ? "" : System.lineSeparator() + stackTrace(record.getThrown());
            return String.format(ONE_LINE, java.util.Date.from(record.getInstant()), "", record.getLoggerName(),
                    level, formatMessage(record), thrown);
        }

        /** The throwable's full stack trace (its toString() first, then "at ..." lines and every "Caused by"). */
        private static String stackTrace(Throwable thrown) {
            java.io.StringWriter trace = new java.io.StringWriter();
            thrown.printStackTrace(new java.io.PrintWriter(trace));
            return trace.toString().stripTrailing();
        }
    }

    private static void setLevel(Level level) {
        Logger root = Logger.getLogger("");
        root.setLevel(level);
        for (Handler handler : root.getHandlers()) {
            if (handler instanceof ConsoleHandler) {
                handler.setLevel(level);
            }
        }
    }
}
