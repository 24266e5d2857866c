package echo.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import echo.common.Chapter;
import echo.common.Chapters;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * JMH's {@code @Param} values are fixed at compile time, so {@code RoundTripBenchmark} lists the chapter ids by
 * hand (the suite passes the ones it finds). This keeps that list honest: every chapter this module depends on
 * must be in it, or {@code java -jar benchmarks.jar RoundTrip} would leave it out without a word.
 */
class ChapterListTest {

    @Test
    void everyChapterOnTheClassPathIsInTheBenchmarksParamList() {
        List<String> listed = Suite.knownChapterIds();
        for (Chapter chapter : Chapters.all()) {
            if (chapter.getClass().getPackageName().startsWith("echo.bench")) {
                continue; // this module's own test chapters
            }
            assertTrue(listed.contains(chapter.id()), chapter.id() + " is missing from RoundTripBenchmark's @Param"
                    + " list " + listed);
        }
    }

    @Test
    void everyVariantIsInTheBenchmarksParamListToo() {
        List<String> listed = Suite.knownChapterIds();
        for (Subject.Variant variant : Subject.VARIANTS) {
            assertTrue(listed.contains(variant.id()), variant.id() + " is missing from " + listed);
        }
        assertTrue(listed.contains(Subject.BASELINE), "the report's baseline is a listed id");
    }
}
