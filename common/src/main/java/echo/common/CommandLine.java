package echo.common;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The project's one command-line parser: every server (through {@link Launcher}, whose flags are {@link Option}s)
 * and both clients use it. A command line is a list of {@link Flag}s; {@link #parse} accepts {@code --name value}
 * and {@code --name=value} for a flag that takes a value, {@code --name} alone for a switch, and {@code --help}
 * (or {@code -h}) anywhere. {@link #help()} is generated from the same list, so the help cannot forget a flag.
 *
 * <p>A mistake is a {@link UsageException} whose message is the one line the user sees: an unknown option, a
 * missing value, a value given to a switch, a value that is no number or out of range. The conventions every
 * {@code main} follows with it (see {@link Launcher}): {@code --help} prints the help on stdout and exits 0; a
 * mistake prints {@code <program>: <message> (try --help)} on stderr, no stack trace, and exits 1.
 */
public final class CommandLine {

    /**
     * One option: its name ({@code --port}), the placeholder of its value in the help ({@code N}), or null for a
     * switch that takes none ({@code --framed}), and one line of help.
     */
    public record Flag(String name, String placeholder, String help, boolean valueOptional) {
        /** A flag with a value ({@code placeholder} not null) or a switch (null). */
        public Flag(String name, String placeholder, String help) {
            this(name, placeholder, help, false);
        }

        public Flag {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(help, "help");
            if (!name.startsWith("--") || name.length() < 3 || name.contains("=")) {
                throw new IllegalArgumentException("a flag is --name, got '" + name + "'");
            }
        }

        public static Flag withValue(String name, String placeholder, String help) {
            return new Flag(name, Objects.requireNonNull(placeholder, "placeholder"), help);
        }

        public static Flag toggle(String name, String help) {
            return new Flag(name, null, help);
        }

        /**
         * A switch that may carry a value, given only as {@code --name=value}: {@code --trace} or
         * {@code --trace=bytes}. "{@code --trace bytes}" would be ambiguous (is {@code bytes} the next argument?).
         */
        public static Flag switchWithOptionalValue(String name, String placeholder, String help) {
            return new Flag(name, Objects.requireNonNull(placeholder, "placeholder"), help, true);
        }

        public boolean takesValue() {
            return placeholder != null;
        }

        /** {@code --port N}, {@code --framed}, or {@code --trace[=bytes]}: how the help shows it. */
        public String synopsis() {
            return valueOptional ? name + "[=" + placeholder + "]" : takesValue() ? name + " " + placeholder : name;
        }
    }

    /** One flag as the command line gave it; {@code value} is null for a switch. */
    public record Given(Flag flag, String value) {
    }

    /** {@code --help}: every command line has it, listed last. */
    public static final Flag HELP = Flag.toggle("--help", "print this and exit");

    private final Map<String, Flag> flags = new LinkedHashMap<>();
    private final String unknownFor;

    /** A command line of these flags (and {@link #HELP}). */
    public CommandLine(List<Flag> flags) {
        this(flags, null);
    }

    /**
     * @param unknownFor named in the message for an unknown option ({@code unknown option '--pool' for
     *                   01-blocking}), where a flag valid elsewhere is not valid here; null for none
     */
    public CommandLine(List<Flag> flags, String unknownFor) {
        for (Flag flag : flags) {
            if (this.flags.putIfAbsent(flag.name(), flag) != null) {
                throw new IllegalArgumentException("flag " + flag.name() + " is listed twice");
            }
        }
        this.flags.putIfAbsent(HELP.name(), HELP);
        this.unknownFor = unknownFor;
    }

    /**
     * The flags these arguments give, in order.
     *
     * @throws HelpRequested  at {@code --help} or {@code -h}, wherever it stands: the caller prints {@link #help()}
     * @throws UsageException at the first mistake, with the one line to show
     */
    public Parsed parse(String... args) {
        List<Given> given = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals(HELP.name()) || arg.equals("-h")) {
                throw new HelpRequested();
            }
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            Flag flag = flags.get(name);
            if (flag == null) {
                throw new UsageException("unknown option '" + name + "'" + (unknownFor == null ? "" : " for "
                        + unknownFor));
            }
            if (flag.valueOptional()) {
                // nothing to take from the next argument: the value, if any, came after '='
            } else if (!flag.takesValue()) {
                if (value != null) {
                    throw new UsageException(name + " takes no value, got '" + arg + "'");
                }
            } else if (value == null) {
                // "--host --port 5": the next flag is no host. A value that merely starts with "-" (-1) is a value.
                if (i + 1 >= args.length || isFlag(args[i + 1])) {
                    throw new UsageException(name + " needs a value: " + flag.synopsis());
                }
                value = args[++i];
            }
            given.add(new Given(flag, value));
        }
        return new Parsed(this, given);
    }

    private boolean isFlag(String arg) {
        int eq = arg.indexOf('=');
        String name = arg.startsWith("--") && eq > 0 ? arg.substring(0, eq) : arg;
        return flags.containsKey(name) || arg.equals("-h");
    }

    /** One line per flag, {@code --help} last: {@code "  --port N     TCP port to listen on..."}. */
    public String help() {
        StringBuilder text = new StringBuilder();
        for (Flag flag : flags.values()) {
            if (flag != HELP) {
                text.append(line(flag));
            }
        }
        return text.append(line(HELP)).toString();
    }

    private static String line(Flag flag) {
        return String.format("  %-26s %s%n", flag.synopsis(), flag.help());
    }

    /** A whole number in {@code [min, max]}, or the one-line mistake naming the flag. */
    public static long number(String flag, String value, long min, long max) {
        final long n;
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

    /** What one command line gave: each flag's last value wins. */
    public static final class Parsed {
        private final CommandLine line;
        private final List<Given> given;
        private final Map<String, Given> last = new HashMap<>();

        private Parsed(CommandLine line, List<Given> given) {
            this.line = line;
            this.given = List.copyOf(given);
            for (Given g : given) {
                last.put(g.flag().name(), g);
            }
        }

        /** Every flag given, in the order given (a server folds them into its config in this order). */
        public List<Given> inOrder() {
            return given;
        }

        public boolean has(String flag) {
            known(flag);
            return last.containsKey(flag);
        }

        /** The flag's value, or {@code byDefault} when it was not given; a blank value is a mistake. */
        public String text(String flag, String byDefault) {
            Flag known = known(flag);
            Given g = last.get(flag);
            if (g == null) {
                return byDefault;
            }
            if (g.value().isBlank()) {
                throw new UsageException(flag + " needs a value: " + known.synopsis());
            }
            return g.value();
        }

        public long number(String flag, long byDefault, long min, long max) {
            known(flag);
            Given g = last.get(flag);
            return g == null ? byDefault : CommandLine.number(flag, g.value(), min, max);
        }

        public int number(String flag, int byDefault, int min, int max) {
            return (int) number(flag, (long) byDefault, min, (long) max);
        }

        /** Asking for a flag the command line does not have is a bug in the caller, not the user's mistake. */
        private Flag known(String name) {
            Flag flag = line.flags.get(name);
            if (flag == null) {
                throw new IllegalStateException(name + " is not a flag of this command line");
            }
            return flag;
        }
    }

    /** {@code --help}: not an error, but parsing stops there. */
    public static final class HelpRequested extends RuntimeException {
        private static final long serialVersionUID = 1L;

        HelpRequested() {
            super("help requested", null, false, false);
        }
    }
}
