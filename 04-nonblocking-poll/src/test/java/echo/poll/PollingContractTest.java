package echo.poll;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

class PollingContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new PollingChapter();
    }
}
