package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Only --publish writes the committed results; every other run writes under target/ (ignored by git). */
class OutputDirectoryTest {
    static final Path MODULE = Path.of("/repo/benchmarks");

    @Test
    void anOrdinaryRunWritesUnderTarget() {
        assertEquals(MODULE.resolve("target/results"), Suite.outputDirectory(MODULE, "quick", null, false));
        assertEquals(MODULE.resolve("target/results"), Suite.outputDirectory(MODULE, "full", null, false));
        assertEquals(MODULE.resolve("target/smoke-results"), Suite.outputDirectory(MODULE, "smoke", null, false));
    }

    @Test
    void outChoosesTheFolderButNotTheCommittedOne() {
        assertEquals(Path.of("/tmp/x"), Suite.outputDirectory(MODULE, "quick", Path.of("/tmp/x"), false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Suite.outputDirectory(MODULE, "quick", Path.of("/repo/benchmarks/./results"), false));
        assertTrue(e.getMessage().contains("--publish"), e.getMessage());
    }

    @Test
    void onlyPublishWritesTheCommittedResults() {
        assertEquals(MODULE.resolve("results"), Suite.outputDirectory(MODULE, "quick", null, true));
        assertThrows(IllegalArgumentException.class,
                () -> Suite.outputDirectory(MODULE, "quick", Path.of("/tmp/x"), true));
        assertThrows(IllegalArgumentException.class, () -> Suite.outputDirectory(MODULE, "smoke", null, true));
    }
}
