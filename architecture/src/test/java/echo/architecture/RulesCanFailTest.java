package echo.architecture;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import echo.blocking.fixture.BlockingThatUsesTheSelector;
import echo.common.fixture.CommonThatKnowsAChapter;
import echo.common.fixture.CommonThatKnowsTheTestkit;
import echo.framed.fixture.FramedOnTheSelector;
import echo.framed.fixture.FramedThatUsesThePool;
import echo.poll.fixture.PollThatUsesNetty;
import echo.poll.fixture.PollThatUsesTheTestkit;
import echo.pool.fixture.PoolThatUsesJUnit;
import echo.selector.fixture.SelectorThatUsesALibrary;
import echo.udp.fixture.UdpThatKnowsTheClients;
import echo.unix.fixture.UnixThatKnowsTheBenchmarks;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A rule that cannot fail proves nothing. Each rule here is evaluated on a fixture class (in this module's test
 * sources, in the package of the module it pretends to be) that breaks it: the rule must fail, and its report
 * must name the fixture and what it reached for. The fixtures are never run, only read as class files.
 */
class RulesCanFailTest {

    /** The rule fails on {@code offender}, and ArchUnit's message names it and the class it must not use. */
    private static void failsNaming(ArchRule rule, Class<?> offender, String forbidden) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(offender));
        assertTrue(result.hasViolation(), rule.getDescription() + " should fail on " + offender.getName());
        String report = result.getFailureReport().toString();
        assertTrue(report.contains(offender.getName()), "the report names the offender: " + report);
        assertTrue(report.contains(forbidden), "the report names " + forbidden + ": " + report);
        AssertionError thrown = assertThrows(AssertionError.class,
                () -> rule.check(new ClassFileImporter().importClasses(offender)));
        assertTrue(thrown.getMessage().contains(offender.getName()), thrown.getMessage());
    }

    private static void passes(ArchRule rule, Class<?> keeper) {
        EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(keeper));
        assertFalse(result.hasViolation(), result.getFailureReport().toString());
    }

    @Test
    void commonThatKnowsAChapterOrTheTestkitFails() {
        failsNaming(Rules.COMMON_KNOWS_NO_CHAPTER, CommonThatKnowsAChapter.class, "echo.selector.SelectorServer");
        failsNaming(Rules.COMMON_KNOWS_NO_CHAPTER, CommonThatKnowsTheTestkit.class, "echo.testkit.TestClient");
    }

    @Test
    void aChapterThatUsesAnotherFails() {
        failsNaming(Rules.knowsNoOtherChapter("echo.blocking"), BlockingThatUsesTheSelector.class,
                "echo.selector.SelectorServer");
    }

    @Test
    void aChapterMayUseTheOneItIsBuiltOnAndNoOther() {
        passes(Rules.knowsNoOtherChapter("echo.framed"), FramedOnTheSelector.class);
        passes(Rules.usesOnlyTheJdk("echo.framed"), FramedOnTheSelector.class);
        failsNaming(Rules.knowsNoOtherChapter("echo.framed"), FramedThatUsesThePool.class,
                "echo.pool.ThreadPoolServer");
    }

    @Test
    void mainCodeThatNeedsJUnitOrTheTestkitFails() {
        failsNaming(Rules.MAIN_CODE_NEEDS_NO_TEST_CODE, PoolThatUsesJUnit.class, "org.junit.jupiter.api.Assertions");
        failsNaming(Rules.MAIN_CODE_NEEDS_NO_TEST_CODE, PollThatUsesTheTestkit.class, "echo.testkit.TestClient");
    }

    @Test
    void aChapterThatKnowsTheClientsOrTheBenchmarksFails() {
        failsNaming(Rules.NO_CHAPTER_KNOWS_CLIENTS_OR_BENCHMARKS, UdpThatKnowsTheClients.class,
                "echo.clients.Target");
        failsNaming(Rules.NO_CHAPTER_KNOWS_CLIENTS_OR_BENCHMARKS, UnixThatKnowsTheBenchmarks.class,
                "echo.bench.Suite");
    }

    @Test
    void aJdkOnlyChapterThatUsesALibraryFails() {
        failsNaming(Rules.usesOnlyTheJdk("echo.selector"), SelectorThatUsesALibrary.class,
                "org.HdrHistogram.Histogram");
        failsNaming(Rules.usesOnlyTheJdk("echo.poll"), PollThatUsesNetty.class, "io.netty.buffer.ByteBuf");
    }

    @Test
    void nettyOutside08Fails() {
        failsNaming(Rules.NETTY_ONLY_IN_08, PollThatUsesNetty.class, "io.netty.buffer.ByteBuf");
    }
}
