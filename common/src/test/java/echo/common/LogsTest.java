package echo.common;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogsTest {
    private final Logs.OneLine format = new Logs.OneLine();

    @Test
    void anEventIsOneLineWithSystemLoggersLevelNames() {
        LogRecord record = new LogRecord(Level.FINE, "client /127.0.0.1:5000 connected");
        record.setLoggerName("05-selector");
        List<String> lines = format.format(record).lines().toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} DEBUG   05-selector: client /127.0.0.1:5000 connected"),
                lines.get(0));
    }

    @Test
    void everyLevelNameIsSystemLoggers() {
        assertEquals("TRACE", levelShown(Level.FINEST));
        assertEquals("TRACE", levelShown(Level.FINER));
        assertEquals("DEBUG", levelShown(Level.CONFIG));
        assertEquals("INFO", levelShown(Level.INFO));
        assertEquals("WARN", levelShown(Level.WARNING));
        assertEquals("ERROR", levelShown(Level.SEVERE));
    }

    /** A bug's record carries its throwable: the line, then the whole stack trace with its causes. */
    @Test
    void aRecordWithAThrowableShowsItsStackTraceAfterTheLine() {
        IllegalStateException bug = new IllegalStateException("processor bug",
                new ArithmeticException("/ by zero"));
        LogRecord record = new LogRecord(Level.WARNING, "client /127.0.0.1:5000 closed: a bug in the processor");
        record.setLoggerName("05-selector");
        record.setThrown(bug);
        List<String> lines = format.format(record).lines().toList();

        assertTrue(lines.get(0).endsWith("WARN    05-selector: client /127.0.0.1:5000 closed: a bug in the processor"),
                lines.get(0));
        assertEquals("java.lang.IllegalStateException: processor bug", lines.get(1));
        assertTrue(lines.get(2).startsWith("\tat echo.common.LogsTest.aRecordWithAThrowableShowsItsStackTraceAfterTheLine("),
                lines.get(2));
        assertTrue(lines.contains("Caused by: java.lang.ArithmeticException: / by zero"), lines.toString());
        assertTrue(format.format(record).endsWith(System.lineSeparator()), "the record ends its last line");
    }

    private String levelShown(Level level) {
        LogRecord record = new LogRecord(level, "m");
        record.setLoggerName("x");
        return format.format(record).split(" +")[1];
    }
}
