package echo.exercises;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * An exercise's one test class is a subclass of this naming the exercise, the chapter class it replaces and the
 * chapter tests that judge it (the ones that hold the lesson: not the launch tests, which test main()).
 *
 * <p>In the default build ({@code exercise.mode=check}) it proves the exercise is well made: the exercise's class
 * really shadows the chapter's; the untouched skeleton FAILS the chapter's tests (nothing is solved by accident,
 * and the tests can see the lesson); the chapter's own class PASSES the same tests with the same settings (the
 * exercise is solvable and judged by the chapter's tests). With {@code -Dexercise} ({@code exercise.mode=learn})
 * it judges the learner's class instead and fails with what is missing; with {@code -Dprogress} it only writes
 * the result file that {@link Progress} reads.
 */
public abstract class ExerciseCheck {
    private static final long SKELETON_LIMIT_SECONDS = 6;

    /** The exercise's folder name under exercises/, which is also its chapter's: {@code 05-selector}. */
    protected abstract String exercise();

    /** The chapter class the exercise replaces: {@code echo.selector.Handler}. */
    protected abstract String lessonClass();

    /** The chapter's test classes that judge the lesson. */
    protected abstract List<String> judgingTests();

    /** JUnit settings for the run: a test without a @Timeout of its own gets this one. */
    protected Map<String, String> junitConfig() {
        return Map.of("junit.jupiter.execution.timeout.default", "20 s");
    }

    private static Path exerciseClasses() {
        return Path.of(System.getProperty("exercise.classes", "target/classes")).toAbsolutePath().normalize();
    }

    private static Path origin(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private Class<?> lessonIn(ClassLoader loader) {
        try {
            return Class.forName(lessonClass(), false, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError(lessonClass() + " is not on the class path", e);
        }
    }

    @Test
    @EnabledIfSystemProperty(named = "exercise.mode", matches = "learn|progress")
    void yourClassPassesTheChaptersTests() {
        ClassLoader yours = Judge.loader(exerciseClasses(), true);
        assertEquals(exerciseClasses(), origin(lessonIn(yours)), "the tests must load your " + lessonClass());
        Judge.Verdict verdict = Judge.run(yours, judgingTests(), junitConfig(), Judge.TEST_LIMIT_SECONDS);
        long passed = verdict.outcomes().size() - verdict.failed();
        writeResult(verdict.failed() == 0 && passed > 0, passed, verdict.outcomes().size(), verdict.millis());
        String where = "exercises/" + exercise() + "/src/main/java/" + lessonClass().replace('.', '/') + ".java";
        if ("progress".equals(System.getProperty("exercise.mode"))) {
            return; // the table says it; mvn -pl exercises/NN-name test -Dexercise says what fails
        }
        if (verdict.failed() > 0) {
            fail("\n\nExercise " + exercise() + ": " + verdict.failed() + " of " + verdict.outcomes().size()
                    + " of the chapter's tests fail (" + verdict.millis() + " ms). Fill in the TODOs in " + where
                    + "\n\n" + verdict.report() + "\n");
        }
        assertTrue(passed > 0, "no test ran: " + judgingTests());
        System.out.println("Exercise " + exercise() + ": done, all " + passed + " of the chapter's tests pass ("
                + verdict.millis() + " ms).");
    }

    @Test
    @DisabledIfSystemProperty(named = "exercise.mode", matches = "learn|progress")
    void theExercisesClassShadowsTheChapters() {
        Class<?> onTheTestClassPath = lessonIn(getClass().getClassLoader());
        assertEquals(exerciseClasses(), origin(onTheTestClassPath),
                "on the test class path the exercise's " + lessonClass() + " must come before the chapter's jar");
        Class<?> inTheSkeletonRun = lessonIn(Judge.loader(exerciseClasses(), true));
        assertEquals(exerciseClasses(), origin(inTheSkeletonRun), "the skeleton run must load the exercise's class");
        Class<?> inTheChapterRun = lessonIn(Judge.loader(exerciseClasses(), false));
        assertTrue(!origin(inTheChapterRun).equals(exerciseClasses()),
                "the chapter run must load the chapter's class, not " + origin(inTheChapterRun));
    }

    @Test
    @DisabledIfSystemProperty(named = "exercise.mode", matches = "learn|progress")
    void theSkeletonKeepsTheChaptersNonPrivateMembers() {
        Set<String> chapter = members(lessonIn(Judge.loader(exerciseClasses(), false)));
        Set<String> skeleton = members(lessonIn(Judge.loader(exerciseClasses(), true)));
        assertEquals(chapter, skeleton, "the rest of the chapter links against these: the skeleton must keep them");
    }

    @Test
    @DisabledIfSystemProperty(named = "exercise.mode", matches = "learn|progress")
    void theUntouchedSkeletonFailsTheChaptersTests() {
        // A learner who has solved (or started) the exercise has changed the skeleton: this check is about the
        // skeleton as committed, so it steps aside rather than fail their `mvn install`. A fresh clone (CI) has
        // the committed skeleton, whose fingerprint matches, and is checked.
        Assumptions.assumeTrue(skeletonIsUntouched(), () -> "exercise " + exercise() + " has been changed (your work"
                + " on it is judged with -Dexercise): the check of the untouched skeleton is skipped. To reset it:"
                + " git checkout -- exercises/" + exercise() + "/src/main");
        // Only "some test fails" is asked here, so a skeleton's test that hangs is cut short sooner.
        Judge.Verdict verdict = Judge.run(Judge.loader(exerciseClasses(), true), judgingTests(), junitConfig(),
                SKELETON_LIMIT_SECONDS);
        System.out.println("exercise " + exercise() + ", the skeleton (" + verdict.millis() + " ms): "
                + verdict.failed() + " of " + verdict.outcomes().size() + " tests fail\n" + verdict.report());
        assertTrue(verdict.failed() > 0, "the skeleton of " + lessonClass() + " passes every judging test: either"
                + " the exercise is already solved (reset it: git checkout -- exercises/" + exercise()
                + "/src/main) or the tests cannot see the lesson");
    }

    /**
     * The chapter's own build runs these tests on the chapter's class already, so the default build skips this
     * (it doubles the time); CI runs it ({@code -Dsolutions}, see .ci/run): with the exercise's short time-outs,
     * on the exercise's class path, the chapter's class must pass.
     */
    @Test
    @EnabledIfSystemProperty(named = "exercise.solutions", matches = "true")
    @DisabledIfSystemProperty(named = "exercise.mode", matches = "learn|progress")
    void theChaptersOwnClassPassesTheSameTests() {
        Judge.Verdict verdict = Judge.run(Judge.loader(exerciseClasses(), false), judgingTests(), junitConfig(),
                Judge.TEST_LIMIT_SECONDS);
        System.out.println("exercise " + exercise() + ", the chapter's class (" + verdict.millis() + " ms): "
                + verdict.failed() + " of " + verdict.outcomes().size() + " tests fail");
        assertTrue(verdict.outcomes().size() > 0, "no judging test ran: " + judgingTests());
        assertEquals(0, verdict.failed(), "the chapter's own " + lessonClass() + " must pass the exercise's"
                + " tests, with the exercise's short time-outs:\n" + verdict.report());
    }

    /**
     * Whether the exercise's source is the committed skeleton: its SHA-256 (line endings normalised, so a checkout
     * on Windows matches) is the one in the exercise's {@code skeleton.sha256}. A maintainer who changes a
     * skeleton writes the new fingerprint there; the failure below says which.
     */
    private boolean skeletonIsUntouched() {
        Path source = Path.of(System.getProperty("exercise.sources", "src/main/java"))
                .resolve(lessonClass().replace('.', '/') + ".java");
        Path fingerprintFile = Path.of(System.getProperty("exercise.fingerprint", "skeleton.sha256"));
        try {
            String text = Files.readString(source, StandardCharsets.UTF_8).replace("\r\n", "\n");
            String actual = HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
            String committed = Files.exists(fingerprintFile) ? Files.readString(fingerprintFile).trim() : "";
            if (committed.isEmpty()) {
                fail(fingerprintFile + " is missing: write the skeleton's fingerprint there: " + actual);
            }
            return committed.equals(actual);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** Constructors, fields and methods that are not private, as text: what the rest of the chapter can use. */
    private static Set<String> members(Class<?> c) {
        Set<String> out = new TreeSet<>();
        Stream.of(c.getDeclaredConstructors(), c.getDeclaredFields(), c.getDeclaredMethods())
                .flatMap(Stream::of)
                .map(m -> (Member) m)
                .filter(m -> !Modifier.isPrivate(m.getModifiers()) && !m.isSynthetic())
                .forEach(m -> out.add(m.toString()));
        return out;
    }

    private void writeResult(boolean done, long passed, int total, long millis) {
        String file = System.getProperty("exercise.result");
        if (file == null) {
            return;
        }
        Properties p = new Properties();
        p.setProperty("exercise", exercise());
        p.setProperty("done", Boolean.toString(done));
        p.setProperty("passed", Long.toString(passed));
        p.setProperty("total", Integer.toString(total));
        p.setProperty("millis", Long.toString(millis));
        try {
            Path path = Path.of(file);
            Files.createDirectories(path.getParent());
            try (Writer w = Files.newBufferedWriter(path)) {
                p.store(w, "written by the exercise's judge; read by echo.exercises.Progress");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
