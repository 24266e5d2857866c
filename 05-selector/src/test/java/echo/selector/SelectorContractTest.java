package echo.selector;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

class SelectorContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new SelectorChapter();
    }
}
