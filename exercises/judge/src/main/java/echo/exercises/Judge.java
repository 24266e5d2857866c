package echo.exercises;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a chapter's tests, in this JVM, against whichever copy of the lesson class a class path puts first: the
 * exercise's (the learner's, or the untouched skeleton) or the chapter's own.
 */
public final class Judge {
    private Judge() {
    }

    /** One test's result: {@code failure} is null when it passed. */
    public record Outcome(String test, String failure) {
        public boolean passed() {
            return failure == null;
        }
    }

    /** Every test that ran, and how long the run took. */
    public record Verdict(List<Outcome> outcomes, long millis) {
        public long failed() {
            return outcomes.stream().filter(o -> !o.passed()).count();
        }

        public String report() {
            return outcomes.stream()
                    .map(o -> o.passed() ? "  ok    " + o.test() : "  FAIL  " + o.test() + "\n          " + o.failure())
                    .collect(Collectors.joining("\n"));
        }
    }

    /** The test class path: surefire's, as a list of entries. */
    static List<Path> testClassPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<Path> entries = new ArrayList<>();
        for (String e : cp.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                entries.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        return entries;
    }

    /** A loader over the test class path with {@code first} put before everything, or left out when null. */
    static ClassLoader loader(Path exerciseClasses, boolean exerciseFirst) {
        Path skeleton = exerciseClasses.toAbsolutePath().normalize();
        List<URL> urls = new ArrayList<>();
        if (exerciseFirst) {
            urls.add(url(skeleton));
        }
        for (Path p : testClassPath()) {
            if (!p.equals(skeleton)) {
                urls.add(url(p));
            }
        }
        return new LessonFirstLoader(urls, Judge.class.getClassLoader());
    }

    private static URL url(Path p) {
        try {
            return p.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs {@code testClasses} (loaded by {@code loader}) and returns what each test did. */
    public static Verdict run(ClassLoader loader, List<String> testClasses, Map<String, String> config) {
        Thread me = Thread.currentThread();
        ClassLoader before = me.getContextClassLoader();
        me.setContextClassLoader(loader); // ServiceLoader (Chapters.all()) looks there
        long start = System.nanoTime();
        try {
            LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request()
                    .configurationParameters(config);
            for (String name : testClasses) {
                request.selectors(DiscoverySelectors.selectClass(loader.loadClass(name)));
            }
            List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());
            LauncherDiscoveryRequest built = request.build();
            LauncherFactory.create().execute(built, new Recorder(outcomes));
            return new Verdict(List.copyOf(outcomes), (System.nanoTime() - start) / 1_000_000);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a judging test is not on the class path: " + e.getMessage()
                    + " (is the chapter's test-jar a dependency of this exercise?)", e);
        } finally {
            me.setContextClassLoader(before);
        }
    }

    private static final class Recorder implements TestExecutionListener {
        private final List<Outcome> outcomes;
        private TestPlan plan;

        Recorder(List<Outcome> outcomes) {
            this.outcomes = outcomes;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            switch (result.getStatus()) {
                case SUCCESSFUL -> {
                    if (id.isTest()) { // a class that passed is its tests
                        outcomes.add(new Outcome(name(id), null));
                    }
                }
                case FAILED -> outcomes.add(new Outcome(name(id), result.getThrowable()
                        .map(Recorder::describe).orElse("failed")));
                case ABORTED -> { // an assumption that does not hold here: neither passed nor failed
                }
            }
        }

        private String name(TestIdentifier id) {
            String cls = plan.getParent(id).map(TestIdentifier::getDisplayName).orElse("");
            return (cls.isEmpty() ? "" : cls + " > ") + id.getDisplayName();
        }

        /** An assertion's message is in the lesson's words; anything else (a bug, a time-out) says what it is. */
        private static String describe(Throwable t) {
            String text = t instanceof AssertionError && t.getMessage() != null ? t.getMessage() : t.toString();
            return firstLine(text);
        }

        private static String firstLine(String s) {
            String one = s.strip().lines().findFirst().orElse(s);
            return one.length() > 400 ? one.substring(0, 400) + "..." : one;
        }
    }
}
