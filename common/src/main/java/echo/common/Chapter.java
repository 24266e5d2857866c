package echo.common;

import java.util.Set;

/**
 * One chapter of the tour, registered with {@link java.util.ServiceLoader} (a file
 * {@code META-INF/services/echo.common.Chapter} in the chapter's module) so that tests, benchmarks and reports
 * find every chapter on the class path without naming it.
 */
public interface Chapter {

    /** The chapter's folder name, e.g. {@code 05-selector}; also its name in reports and on the command line. */
    String id();

    /** A short title for tables and log lines, e.g. "one Selector thread". */
    String title();

    Protocol protocol();

    Set<Promise> promises();

    /** The command-line options this chapter understands on top of {@code --port}, {@code --bind}, {@code --help}. */
    default Set<Option> options() {
        return Set.of();
    }

    /** A new, not yet started server with this configuration, watched by nobody ({@link Watch#NONE}). */
    EchoServer create(ServerConfig config);

    /**
     * A new, not yet started server whose events {@code watch} asked to see ({@code --trace}, {@code --stats}).
     * A chapter without events of its own ignores it.
     */
    default EchoServer create(ServerConfig config, Watch watch) {
        return create(config);
    }
}
