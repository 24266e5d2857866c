package echo.virtualthreads;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's code-size figures are counted from the files they name, so that they cannot drift from the code:
 * when a named file changes, this test fails and says which figure to update. "Lines" are all lines;
 * "code" lines (in brackets) are the lines that are neither blank nor only comment.
 */
class ReadmeCodeSizesTest {
    private static final Path ROOT = Path.of("..");             // Maven runs tests in the module's folder
    private static final Path README = Path.of("README.md");
    private static final String JAVA = "src/main/java/echo/";

    @Test
    void theCodeSizesInTheReadmeAreTheFilesSizes() throws IOException {
        String readme = Files.readString(README);
        List<String> wrong = new ArrayList<>();
        check(readme, wrong, "the header's \"(N lines)\"", Pattern.compile("VirtualThreadsServer\\.java`\\]\\([^)]*\\) \\((\\d+) lines\\)"),
                false, "07-virtual-threads/" + JAVA + "virtualthreads/VirtualThreadsServer.java");
        check(readme, wrong, "the shared `BlockingEcho` loop", Pattern.compile("`BlockingEcho` loop \\((\\d+) \\[(\\d+)]\\)"),
                true, "common/" + JAVA + "common/BlockingEcho.java");
        check(readme, wrong, "row '02 thread per client'", row("02 thread per client"),
                true, "02-thread-per-client/" + JAVA + "threadperclient/ThreadPerClientServer.java");
        check(readme, wrong, "row '07 virtual threads'", row("07 virtual threads"),
                true, "07-virtual-threads/" + JAVA + "virtualthreads/VirtualThreadsServer.java");
        check(readme, wrong, "row '05 selector'", row("05 selector"), true,
                "05-selector/" + JAVA + "selector/SelectorServer.java",
                "05-selector/" + JAVA + "selector/Reactor.java",
                "05-selector/" + JAVA + "selector/Handler.java",
                "05-selector/" + JAVA + "selector/Processor.java");
        assertTrue(wrong.isEmpty(), "07-virtual-threads/README.md is out of date:\n" + String.join("\n", wrong));
    }

    /** A row of the code table: {@code | label | files | lines [code] |}. */
    private static Pattern row(String label) {
        return Pattern.compile("(?m)^\\| " + Pattern.quote(label) + " \\|[^|\\n]*\\| (\\d+) \\[(\\d+)] \\|$");
    }

    private static void check(String readme, List<String> wrong, String where, Pattern figure, boolean withCode,
                              String... files) throws IOException {
        Matcher m = figure.matcher(readme);
        if (!m.find()) {
            wrong.add(where + ": not found (pattern " + figure + "); keep the README's wording or update this test");
            return;
        }
        int lines = 0;
        int code = 0;
        for (String file : files) {
            List<String> text = Files.readAllLines(ROOT.resolve(file));
            lines += text.size();
            code += codeLines(text);
        }
        String says = withCode ? m.group(1) + " [" + m.group(2) + "]" : m.group(1);
        String is = withCode ? lines + " [" + code + "]" : String.valueOf(lines);
        if (!says.equals(is)) {
            wrong.add(where + " says " + says + ", but " + String.join(" + ", files) + " now " + (files.length > 1
                    ? "have " : "has ") + is + ": write " + is);
        }
    }

    /** Lines that are neither blank nor only comment ({@code //}, or inside a {@code /* ... *}{@code /} block). */
    static int codeLines(List<String> lines) {
        int code = 0;
        boolean inBlock = false;
        for (String line : lines) {
            String s = line.strip();
            if (inBlock || s.startsWith("/*")) {
                int end = s.indexOf("*/", inBlock ? 0 : 2);
                inBlock = end < 0;
                if (!inBlock && !s.substring(end + 2).isBlank()) {
                    code++; // code after the comment's end, on the same line
                }
            } else if (!s.isEmpty() && !s.startsWith("//")) {
                code++;
            }
        }
        return code;
    }
}
