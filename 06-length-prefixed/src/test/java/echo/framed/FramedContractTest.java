package echo.framed;

import echo.common.Chapter;
import echo.testkit.FramedEchoContract;

class FramedContractTest extends FramedEchoContract {
    @Override
    protected Chapter chapter() {
        return new FramedChapter();
    }
}
