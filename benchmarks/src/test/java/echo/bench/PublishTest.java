package echo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** --publish rewrites the root README's headline block between its markers, and nothing else. */
class PublishTest {
    @Test
    void onlyTheTextBetweenTheMarkersChanges() {
        String readme = "# Title\n\nbefore\n" + Publish.START + "\nold table\n" + Publish.END + "\nafter\n";
        assertEquals("# Title\n\nbefore\n" + Publish.START + "\nnew table\n" + Publish.END + "\nafter\n",
                Publish.replaced(readme, "new table\n"));
    }

    @Test
    void theTransportsBlockIsReplacedBetweenItsOwnMarkersOnly() {
        String readme = "# 08\n" + Publish.START + "\nheadline\n" + Publish.END + "\n### Transports\n"
                + Publish.TRANSPORTS_START + "\nplaceholder\n" + Publish.TRANSPORTS_END + "\nafter\n";
        assertEquals("# 08\n" + Publish.START + "\nheadline\n" + Publish.END + "\n### Transports\n"
                        + Publish.TRANSPORTS_START + "\ntable\n" + Publish.TRANSPORTS_END + "\nafter\n",
                Publish.replaced(readme, Publish.TRANSPORTS_START, Publish.TRANSPORTS_END, "table"));
        assertThrows(IllegalStateException.class, () -> Publish.replaced("# 08\n" + Publish.START + "\n"
                + Publish.END + "\n", Publish.TRANSPORTS_START, Publish.TRANSPORTS_END, "table"));
    }

    @Test
    void theTransportsTableHasEachTransportsFiguresAndSaysWhichAreMissing() {
        Report.Run run = ReportTest.run(List.of(
                new ChapterScale("08-netty", "n", List.of(ReportTest.point(16, 60_000, 10.5, 500),
                        ReportTest.point(64, 66_000, 10.6, 1700), ReportTest.point(256, 42_000, 14.1, 9000)),
                        List.of(), null, List.of(), null, null),
                new ChapterScale("08-netty-epoll", "e", List.of(ReportTest.point(16, 76_000, 9.7, 500),
                        ReportTest.point(64, 80_000, 9.4, 1700), ReportTest.point(256, 66_000, 10.5, 9000)),
                        List.of(), null, List.of(), null, null),
                ChapterScale.unavailable("08-netty-io_uring", "u", "08-netty-io_uring: io_uring is disabled")));
        String block = Publish.transportsBlock(run);
        assertTrue(block.contains("| NIO (selector) (`08-netty`) | 60,000 | 66,000 | 42,000 | 10.5 µs | 10.6 µs |"
                + " 14.1 µs |"), block);
        assertTrue(block.contains("| epoll (`08-netty-epoll`) | 76,000 | 80,000 | 66,000 | 9.7 µs | 9.4 µs |"
                + " 10.5 µs |"), block);
        assertTrue(block.contains("| io_uring (`08-netty-io_uring`) | — | — | — | — | — | — |"), block);
        assertTrue(block.contains("— = not measured: 08-netty-io_uring: 08-netty-io_uring: io_uring is disabled."),
                block);
    }

    @Test
    void aReadmeWithoutTheMarkersIsNotTouched() {
        assertThrows(IllegalStateException.class, () -> Publish.replaced("# Title\nno markers\n", "x"));
    }
}
