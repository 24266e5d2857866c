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
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs a chapter's tests, in this JVM, against whichever copy of the lesson class a class path puts first: the
 * exercise's (the learner's, or the untouched skeleton) or the chapter's own.
 */
public final class Judge {
    /** A test running longer than this is reported as hung (the chapters' tests take a few seconds each). */
    public static final long TEST_LIMIT_SECONDS = Long.getLong("exercise.test.limit.seconds", 20);

    private Judge() {
    }

    private record Running(String test, long since) {
    }

    /**
     * Where the hung test waits: the innermost frames outside the JDK and JUnit of the thread running its class
     * (the runner, or the thread a {@code @Timeout(threadMode = SEPARATE_THREAD)} gave it).
     */
    private static String stuckAt(Thread runner, String test) {
        String testClass = test.contains(" > ") ? test.substring(0, test.indexOf(" > ")) : "";
        java.util.Map<Thread, StackTraceElement[]> all = Thread.getAllStackTraces();
        StackTraceElement[] stack = all.getOrDefault(runner, new StackTraceElement[0]);
        for (StackTraceElement[] candidate : all.values()) {
            if (java.util.Arrays.stream(candidate).anyMatch(f -> f.getClassName().endsWith("." + testClass))) {
                stack = candidate;
                break;
            }
        }
        return java.util.Arrays.stream(stack)
                .filter(f -> f.getClassName().startsWith("echo.") && !f.getClassName().startsWith("echo.exercises."))
                .limit(3)
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + "(" + f.getFileName() + ":" + f.getLineNumber() + ")")
                .collect(Collectors.joining(" < "));
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

        /** The failures, each with its message, then how many passed. */
        public String report() {
            String failures = outcomes.stream().filter(o -> !o.passed())
                    .map(o -> "  FAIL  " + o.test() + "\n          " + o.failure())
                    .collect(Collectors.joining("\n"));
            long passed = outcomes.size() - failed();
            return (failures.isEmpty() ? "" : failures + "\n") + "  (" + passed + " passed)";
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

    /**
     * Runs {@code testClasses} (loaded by {@code loader}) and returns what each test did. A test that runs longer
     * than {@code limitSeconds} is reported as hung, with where its thread is, and ends the run.
     */
    public static Verdict run(ClassLoader loader, List<String> testClasses, Map<String, String> config,
                              long limitSeconds) {
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
            Recorder recorder = new Recorder(outcomes);
            Thread runner = new Thread(() -> LauncherFactory.create().execute(built, recorder), "exercise-judge");
            runner.setDaemon(true); // a solution that hangs a test must not keep the JVM alive
            runner.setContextClassLoader(loader); // ServiceLoader (Chapters.all()) looks there
            runner.start();
            while (runner.isAlive()) {
                runner.join(100);
                Running now = recorder.running;
                if (now != null && System.nanoTime() - now.since() > TimeUnit.SECONDS.toNanos(limitSeconds)) {
                    outcomes.add(new Outcome(now.test(), "did not finish in " + limitSeconds + " s (is a"
                            + " thread stuck? the test's thread is at " + stuckAt(runner, now.test()) + "); the run stops here"));
                    break; // the runner is a daemon: it is left behind, and the JVM ends when the build does
                }
            }
            return new Verdict(List.copyOf(outcomes), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while judging", e);
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
        volatile Running running;

        Recorder(List<Outcome> outcomes) {
            this.outcomes = outcomes;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            plan = testPlan;
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            if (id.isTest()) {
                running = new Running(name(id), System.nanoTime());
            }
        }

        @Override
        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
            if (id.isTest()) {
                running = null;
            }
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
