package echo.common;

import echo.common.CommandLine.Flag;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one parser servers and clients share: what it accepts, and the one line each mistake is. */
class CommandLineTest {
    private static final CommandLine LINE = new CommandLine(List.of(
            Flag.withValue("--port", "N", "server port"),
            Flag.withValue("--host", "HOST", "server address"),
            Flag.toggle("--framed", "send frames")));

    @Test
    void bothValueFormsAndSwitchesAreAccepted() {
        CommandLine.Parsed parsed = LINE.parse("--port", "7", "--host=::1", "--framed");
        assertEquals(7, parsed.number("--port", 1, 1, 65535));
        assertEquals("::1", parsed.text("--host", "127.0.0.1"));
        assertTrue(parsed.has("--framed"));
        assertEquals(List.of("--port", "--host", "--framed"),
                parsed.inOrder().stream().map(g -> g.flag().name()).toList());
    }

    @Test
    void defaultsApplyWhenAFlagIsAbsentAndTheLastValueWins() {
        CommandLine.Parsed none = LINE.parse();
        assertFalse(none.has("--framed"));
        assertEquals(20000, none.number("--port", 20000, 1, 65535));
        assertEquals("127.0.0.1", none.text("--host", "127.0.0.1"));
        assertEquals(9, LINE.parse("--port", "8", "--port=9").number("--port", 1, 1, 65535));
        // "=" splits only the first time: the rest is the value.
        assertEquals("a=b", LINE.parse("--host=a=b").text("--host", null));
    }

    @Test
    void anUnknownOptionIsOneLine() {
        assertMistake("unknown option '--prot'", LINE, "--prot", "1");
        assertMistake("unknown option '--prot'", LINE, "--prot=1");
        assertMistake("unknown option 'stray'", LINE, "stray");
        assertMistake("unknown option '--pool' for 01-blocking",
                new CommandLine(List.of(), "01-blocking"), "--pool", "3");
    }

    @Test
    void aMissingValueIsOneLine() {
        assertMistake("--port needs a value: --port N", LINE, "--port");
        // The next word is a flag of this line, not the value: the user forgot the value.
        assertMistake("--host needs a value: --host HOST", LINE, "--host", "--port", "1");
        assertMistake("--host needs a value: --host HOST", LINE, "--host", "--framed");
        assertMistake("--host needs a value: --host HOST", LINE, "--host", "-h");
        CommandLine.Parsed blank = LINE.parse("--host=");
        assertMistake("--host needs a value: --host HOST", () -> blank.text("--host", "127.0.0.1"));
    }

    @Test
    void aSwitchTakesNoValue() {
        assertMistake("--framed takes no value, got '--framed=yes'", LINE, "--framed=yes");
    }

    @Test
    void aBadNumberIsOneLine() {
        assertMistake("--port takes a whole number, got 'http'", () -> LINE.parse("--port", "http")
                .number("--port", 1, 1, 65535));
        assertMistake("--port takes a whole number, got '1.5'", () -> LINE.parse("--port=1.5")
                .number("--port", 1, 1, 65535));
        // A value that starts with a dash is still a value (and here a number out of range, not a missing one).
        assertMistake("--port must be between 1 and 65535, got -1", () -> LINE.parse("--port", "-1")
                .number("--port", 1, 1, 65535));
    }

    @Test
    void rangesIncludeBothEndsAndNothingPast() {
        assertEquals(1, LINE.parse("--port", "1").number("--port", 5, 1, 65535));
        assertEquals(65535, LINE.parse("--port", " 65535 ").number("--port", 5, 1, 65535));
        assertMistake("--port must be between 1 and 65535, got 0", () -> LINE.parse("--port", "0")
                .number("--port", 5, 1, 65535));
        assertMistake("--port must be between 1 and 65535, got 65536", () -> LINE.parse("--port", "65536")
                .number("--port", 5, 1, 65535));
        // Past int and long: still the one line, never an overflow into range.
        assertMistake("--port must be between 1 and 65535, got 4294967297",
                () -> LINE.parse("--port", "4294967297").number("--port", 5, 1, 65535));
        assertMistake("--port takes a whole number, got '99999999999999999999'",
                () -> LINE.parse("--port", "99999999999999999999").number("--port", 5, 1, 65535));
    }

    @Test
    void helpStopsParsingWhereverItStands() {
        assertThrows(CommandLine.HelpRequested.class, () -> LINE.parse("--help"));
        assertThrows(CommandLine.HelpRequested.class, () -> LINE.parse("--port", "1", "-h"));
        // Before anything is checked: "--help" after a bad value still prints the help.
        assertThrows(CommandLine.HelpRequested.class, () -> LINE.parse("--port", "x", "--help"));
        assertMistake("--help takes no value, got '--help=1'", LINE, "--help=1");
    }

    @Test
    void theHelpIsWrittenFromTheFlagsWithHelpLast() {
        assertEquals(String.format("  %-26s %s%n  %-26s %s%n  %-26s %s%n  %-26s %s%n",
                "--port N", "server port", "--host HOST", "server address", "--framed", "send frames",
                "--help", "print this and exit"), LINE.help());
    }

    @Test
    void aFlagListedTwiceOrAskedForButNotListedIsABugNotAUserMistake() {
        assertThrows(IllegalArgumentException.class, () -> new CommandLine(List.of(
                Flag.toggle("--x", "x"), Flag.withValue("--x", "N", "x"))));
        assertThrows(IllegalArgumentException.class, () -> Flag.toggle("-x", "one dash"));
        assertThrows(IllegalStateException.class, () -> LINE.parse().has("--pool"));
    }

    /**
     * The same promises on a command line built inside the test (PIT credits a test only with the code it runs
     * itself, not with what the class's static {@code LINE} ran once): {@code --help} is a flag of every line,
     * listed last; a flag listed twice names itself; a value is never taken from a flag given as
     * {@code --name=value}; an argument that is not {@code --name=value} is unknown as a whole.
     */
    @Test
    void everyLineHasHelpAndTellsAFlagFromAValue() {
        CommandLine line = new CommandLine(List.of(Flag.withValue("--host", "HOST", "server address"),
                Flag.withValue("--port", "N", "server port")));
        assertTrue(line.help().endsWith(String.format("  %-26s %s%n", "--help", "print this and exit")), line.help());
        assertMistake("--help takes no value, got '--help=1'", line, "--help=1");
        assertMistake("--host needs a value: --host HOST", line, "--host", "--port=1");
        assertMistake("--host needs a value: --host HOST", line, "--host", "-h");
        assertMistake("unknown option 'stray=1'", line, "stray=1");
        assertEquals("flag --x is listed twice", assertThrows(IllegalArgumentException.class,
                () -> new CommandLine(List.of(Flag.toggle("--x", "x"), Flag.toggle("--x", "x")))).getMessage());
        assertEquals("--nope is not a flag of this command line", assertThrows(IllegalStateException.class,
                () -> line.parse().number("--nope", 1, 1, 2)).getMessage());
    }

    /** "a flag is --name": two dashes, a name of one letter at least, no '='; and every flag has its help. */
    @Test
    void aFlagIsTwoDashesAndANameWithHelp() {
        assertEquals("--a", Flag.toggle("--a", "shortest").name());
        for (String bad : List.of("-x", "--", "--a=b", "x--")) {
            assertEquals("a flag is --name, got '" + bad + "'",
                    assertThrows(IllegalArgumentException.class, () -> Flag.toggle(bad, "h")).getMessage());
        }
        assertEquals("name", assertThrows(NullPointerException.class, () -> Flag.toggle(null, "h")).getMessage());
        assertEquals("help", assertThrows(NullPointerException.class, () -> Flag.toggle("--x", null)).getMessage());
        assertEquals("placeholder",
                assertThrows(NullPointerException.class, () -> Flag.withValue("--x", null, "h")).getMessage());
    }

    private static void assertMistake(String expected, CommandLine line, String... args) {
        assertMistake(expected, () -> line.parse(args));
    }

    private static void assertMistake(String expected, org.junit.jupiter.api.function.Executable parse) {
        assertEquals(expected, assertThrows(UsageException.class, parse).getMessage());
    }
}
