package echo.async;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

class AsyncContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new AsyncChapter();
    }
}
