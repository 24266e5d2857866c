package echo.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The rules of {@link Rules}, checked on the main classes of every module (their tests are not imported: test
 * code may use anything). A broken rule fails with ArchUnit's report, one line per offending dependency, naming
 * the class, the member and the line, e.g. "Method &lt;echo.pool.X.run()&gt; calls method &lt;echo.selector...&gt;
 * in (X.java:12)".
 */
class ArchitectureTest {
    /** Imported once: every class under echo on the class path, from target/classes or the modules' jars. */
    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("echo");

    /** A chapter missing from the class path would pass every rule without being looked at. */
    private static Stream<String> presentChapters() {
        return Rules.CHAPTERS.keySet().stream()
                .filter(p -> !p.equals("echo.virtualthreads") || Runtime.version().feature() >= 21);
    }

    @Test
    void everyModuleIsImported() {
        Stream.concat(presentChapters(), Stream.of("echo.common", "echo.testkit", "echo.clients", "echo.bench"))
                .forEach(p -> assertFalse(MAIN.that(com.tngtech.archunit.core.domain.JavaClass.Predicates
                                .resideInAPackage(p + "..")).isEmpty(),
                        p + " has no main classes on the class path: add its module to architecture/pom.xml"));
    }

    @Test
    void commonKnowsNoChapter() {
        Rules.COMMON_KNOWS_NO_CHAPTER.check(MAIN);
    }

    @TestFactory
    Stream<DynamicTest> aChapterKnowsNoOtherChapterButTheOneItIsBuiltOn() {
        return presentChapters().map(p -> DynamicTest.dynamicTest(Rules.CHAPTERS.get(p),
                () -> Rules.knowsNoOtherChapter(p).check(MAIN)));
    }

    @Test
    void mainCodeNeedsNoTestCode() {
        Rules.MAIN_CODE_NEEDS_NO_TEST_CODE.check(MAIN);
    }

    @Test
    void noChapterKnowsTheClientsOrTheBenchmarks() {
        Rules.NO_CHAPTER_KNOWS_CLIENTS_OR_BENCHMARKS.check(MAIN);
    }

    @TestFactory
    Stream<DynamicTest> chapters01To07AndTheSideChaptersUseOnlyTheJdk() {
        return presentChapters().filter(Rules.JDK_ONLY::contains).map(p -> DynamicTest.dynamicTest(
                Rules.CHAPTERS.get(p), () -> Rules.usesOnlyTheJdk(p).check(MAIN)));
    }

    @Test
    void nettyOnlyIn08() {
        Rules.NETTY_ONLY_IN_08.check(MAIN);
    }
}
