package echo.blocking;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

/** The shared raw-echo contract; where 01 promises nothing (concurrency), the contract asserts its limit. */
class BlockingContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new BlockingChapter();
    }
}
