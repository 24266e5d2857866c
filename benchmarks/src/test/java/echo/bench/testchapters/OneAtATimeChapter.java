package echo.bench.testchapters;

import echo.common.BaseChapter;
import echo.common.Protocol;

import java.util.Set;

/** A test-only chapter: one connection at a time, promising nothing more. */
public final class OneAtATimeChapter extends BaseChapter {
    public static final String ID = "t0-one-at-a-time";

    public OneAtATimeChapter() {
        super(ID, "test: one connection at a time", Protocol.RAW, Set.of(), Set.of(),
                config -> new BlockingTestServer(ID, config, false));
    }
}
