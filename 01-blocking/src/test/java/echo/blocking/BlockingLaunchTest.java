package echo.blocking;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class BlockingLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new BlockingChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
