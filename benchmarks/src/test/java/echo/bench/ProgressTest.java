package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The live line: rewritten in place on a terminal, plain lines otherwise; the time left from the plan. */
class ProgressTest {
    static final List<Progress.Step> PLAN = List.of(new Progress.Step("jmh 05-selector 16t", 60),
            new Progress.Step("scale 05-selector", 30), new Progress.Step("report and charts", 3));

    @Test
    void notATerminalPlainLinesAndNoControlCodes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(PLAN, new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        progress.step();
        progress.out().println("a log line");
        progress.step();
        progress.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("[1/3] jmh 05-selector 16t — about 1 min 33 s left\na log line\n[2/3] scale"),
                text);
        assertFalse(text.contains("\r") || text.contains("\033"), text);
    }

    @Test
    void onATerminalOneLineRewrittenAndLogLinesAboveIt() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress progress = new Progress(PLAN, new PrintStream(bytes, true, StandardCharsets.UTF_8), true);
        progress.step();
        progress.out().println("a log line");
        progress.step();
        progress.done();
        String text = bytes.toString(StandardCharsets.UTF_8);
        String clear = "\r\033[K";
        assertTrue(text.startsWith("[1/3] jmh 05-selector 16t — about 1 min 33 s left" + clear + "a log line\n"
                + "[1/3] jmh"), "the line is erased, the log line printed, the line drawn again:\n" + text);
        assertTrue(text.contains(clear + "[2/3] scale 05-selector"), text);
        assertTrue(text.endsWith(clear), "done() erases the line: " + text);
        assertFalse(text.contains("left\n"), "the live line never ends a line of its own: " + text);
    }

    @Test
    void theTimeLeftIsThePlanNotYetDone() {
        Progress progress = new Progress(PLAN, new PrintStream(new ByteArrayOutputStream()), false);
        progress.step();
        assertEquals(93, progress.secondsLeft(), 0.5);
        assertEquals("[2/3] x — about 2 min 5 s left", Progress.line(2, 3, "x", 125));
    }
}
