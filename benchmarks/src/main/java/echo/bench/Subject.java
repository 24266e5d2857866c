package echo.bench;

import echo.common.Chapter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One server under test: a chapter, started with some extra command-line options. Most subjects are a chapter as
 * it is ({@code 05-selector}, no options); a variant is a chapter with options that change how it runs, under an
 * id of its own, e.g. {@code 08-netty-epoll} = chapter {@code 08-netty} started with {@code --transport epoll}.
 * The child process parses the options with the chapter's own {@code Launcher} rules, so a chapter that does not
 * know an option, or a transport this machine lacks, makes the variant skipped with that one-line reason.
 *
 * @param id      the name in reports, charts and JMH's {@code -p server=}
 * @param chapter the chapter whose server runs
 * @param args    options for the server, as on its command line
 */
record Subject(String id, Chapter chapter, List<String> args) {
    Subject {
        args = List.copyOf(args);
    }

    /** A chapter with no extra options, under its own id. */
    static Subject of(Chapter chapter) {
        return new Subject(chapter.id(), chapter, List.of());
    }

    /** A variant of a chapter: which chapter, under which id, with which options. */
    record Variant(String id, String chapterId, List<String> args) {
    }

    /**
     * Chapter 08 on Netty's native transports: the same server, its event loop on epoll or io_uring instead of
     * NIO's selector. Their baseline, io_uring, is the "× of Netty io_uring" column of the report.
     */
    static final List<Variant> VARIANTS = List.of(
            new Variant("08-netty-epoll", "08-netty", List.of("--transport", "epoll")),
            new Variant("08-netty-io_uring", "08-netty", List.of("--transport", "io_uring")),
            // Chapter 09 runs one reactor per core by default (2 here); issue 12 compares 1 and 2.
            new Variant("09-multi-reactor-1-reactor", "09-multi-reactor", List.of("--reactors", "1")));

    /** The id of the subject the report's "× of" column compares every server's CPU per round trip with. */
    static final String BASELINE = "08-netty-io_uring";

    /** Every chapter, then every variant whose chapter is among them, in reading order (by id). */
    static List<Subject> all(List<Chapter> chapters) {
        List<Subject> subjects = new ArrayList<>();
        chapters.forEach(c -> subjects.add(of(c)));
        for (Variant v : VARIANTS) {
            chapters.stream().filter(c -> c.id().equals(v.chapterId())).findFirst()
                    .ifPresent(c -> subjects.add(new Subject(v.id(), c, v.args())));
        }
        subjects.sort(java.util.Comparator.comparing(Subject::id));
        return subjects;
    }

    /** The subject called {@code id} among those {@code chapters} make, if any. */
    static Optional<Subject> find(String id, List<Chapter> chapters) {
        return all(chapters).stream().filter(s -> s.id().equals(id)).findFirst();
    }

    boolean isVariant() {
        return !args.isEmpty();
    }
}
