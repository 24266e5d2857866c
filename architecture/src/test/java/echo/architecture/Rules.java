package echo.architecture;

import com.tngtech.archunit.lang.ArchRule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What must never depend on what (DESIGN.md, "Architecture and modules"), as ArchUnit rules over main classes.
 * {@link ArchitectureTest} checks them on the real modules; {@link RulesCanFailTest} shows each one failing on a
 * fixture class that breaks it, and naming that class.
 */
final class Rules {
    static final String COMMON = "echo.common..";
    static final String TESTKIT = "echo.testkit..";
    static final String CLIENTS = "echo.clients..";
    static final String BENCHMARKS = "echo.bench..";

    /** Every chapter's package, in reading order, with the module it lives in. */
    static final Map<String, String> CHAPTERS = new LinkedHashMap<>();

    static {
        CHAPTERS.put("echo.blocking", "01-blocking");
        CHAPTERS.put("echo.threadperclient", "02-thread-per-client");
        CHAPTERS.put("echo.pool", "03-thread-pool");
        CHAPTERS.put("echo.poll", "04-nonblocking-poll");
        CHAPTERS.put("echo.selector", "05-selector");
        CHAPTERS.put("echo.framed", "06-length-prefixed");
        CHAPTERS.put("echo.virtualthreads", "07-virtual-threads");
        CHAPTERS.put("echo.netty", "08-netty");
        CHAPTERS.put("echo.multireactor", "09-multi-reactor");
        CHAPTERS.put("echo.udp", "a1-udp");
        CHAPTERS.put("echo.unix", "a2-unix-sockets");
        CHAPTERS.put("echo.async", "a3-async-channels");
    }

    /** The only chapter-to-chapter edges: a chapter built on another's code instead of a copy of it. */
    static final Map<String, Set<String>> BUILT_ON = Map.of(
            "echo.framed", Set.of("echo.selector"),         // 06: a frame decoder plugged into 05's loop
            "echo.unix", Set.of("echo.selector"),           // a2: 05's loop on a socket file
            "echo.multireactor", Set.of("echo.selector", "echo.framed"), // 09: N of 05's loops, 06's decoder
            "echo.virtualthreads", Set.of("echo.threadperclient")); // 07: 02's server on virtual threads

    /** The chapters whose main code may use the JDK and common only (everything but 08, the Netty chapter). */
    static final List<String> JDK_ONLY = List.of("echo.blocking", "echo.threadperclient", "echo.pool", "echo.poll",
            "echo.selector", "echo.framed", "echo.virtualthreads", "echo.multireactor", "echo.udp", "echo.unix", "echo.async");

    /** Test code: the shared contract tests and the test libraries. Main code must not need any of it. */
    static final String[] TEST_CODE = {TESTKIT, "org.junit..", "org.opentest4j..", "net.jqwik..",
            "com.tngtech.archunit.."};

    private Rules() {
    }

    private static String[] chapterPackages(Stream<String> packages) {
        return packages.map(p -> p + "..").toArray(String[]::new);
    }

    static final ArchRule COMMON_KNOWS_NO_CHAPTER = noClasses().that().resideInAPackage(COMMON)
            .should().dependOnClassesThat().resideInAnyPackage(chapterPackages(CHAPTERS.keySet().stream()))
            .orShould().dependOnClassesThat().resideInAnyPackage(TESTKIT, CLIENTS, BENCHMARKS)
            .because("common is what every chapter shares: it cannot know any of them, nor the tests, clients "
                    + "or benchmarks built on top");

    /** One rule per chapter: it knows no other chapter but the one it is built on, if any. */
    static ArchRule knowsNoOtherChapter(String chapter) {
        Set<String> allowed = BUILT_ON.getOrDefault(chapter, Set.of());
        String[] others = chapterPackages(CHAPTERS.keySet().stream()
                .filter(p -> !p.equals(chapter) && !allowed.contains(p)));
        return noClasses().that().resideInAPackage(chapter + "..")
                .should().dependOnClassesThat().resideInAnyPackage(others)
                .because(CHAPTERS.get(chapter) + " is read on its own"
                        + (allowed.isEmpty() ? "" : "; it is built on " + allowed + " and on nothing else"));
    }

    static final ArchRule MAIN_CODE_NEEDS_NO_TEST_CODE = noClasses().that().resideOutsideOfPackage(TESTKIT)
            .should().dependOnClassesThat().resideInAnyPackage(TEST_CODE)
            .because("what a reader copies into production must run without JUnit or the testkit (the testkit "
                    + "itself is test code, kept in src/main so every chapter can extend it)");

    static final ArchRule NO_CHAPTER_KNOWS_CLIENTS_OR_BENCHMARKS = noClasses()
            .that().resideInAnyPackage(chapterPackages(CHAPTERS.keySet().stream()))
            .should().dependOnClassesThat().resideInAnyPackage(CLIENTS, BENCHMARKS)
            .because("the clients and the benchmarks drive a chapter from outside, through EchoServer");

    /** One rule per chapter of JDK_ONLY: the JDK, common, itself and the chapter it is built on. */
    static ArchRule usesOnlyTheJdk(String chapter) {
        List<String> allowed = new ArrayList<>(List.of("java..", "javax..", "jdk..", COMMON, chapter + ".."));
        BUILT_ON.getOrDefault(chapter, Set.of()).forEach(p -> allowed.add(p + ".."));
        return classes().that().resideInAPackage(chapter + "..")
                .should().onlyDependOnClassesThat().resideInAnyPackage(allowed.toArray(String[]::new))
                .because(CHAPTERS.get(chapter) + " teaches with the JDK alone: no framework, no library");
    }

    static final ArchRule NETTY_ONLY_IN_08 = noClasses().that().resideOutsideOfPackage("echo.netty..")
            .should().dependOnClassesThat().resideInAPackage("io.netty..")
            .because("Netty is chapter 08's subject; before it, every chapter builds by hand what Netty gives");
}
