package echo.multireactor;

import echo.common.Chapter;
import echo.common.ServerConfig;
import echo.testkit.FramedEchoContract;

/** The framed echo contract (chapter 06's decoder as the Processor), on three reactors. */
class MultiReactorFramedContractTest extends FramedEchoContract {
    @Override
    protected Chapter chapter() {
        return new MultiReactorFramedChapter();
    }

    @Override
    protected ServerConfig config() {
        return super.config().withReactors(3);
    }
}
