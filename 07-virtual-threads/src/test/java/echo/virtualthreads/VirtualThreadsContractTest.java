package echo.virtualthreads;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

/** The shared raw-echo contract, run on JDK 21+ (this module is built only there). */
class VirtualThreadsContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new VirtualThreadsChapter();
    }
}
