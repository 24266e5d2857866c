package echo.threadperclient;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

/** The shared raw-echo contract, concurrency included: every client has a thread of its own. */
class ThreadPerClientContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPerClientChapter();
    }
}
