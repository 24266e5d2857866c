package echo.async;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class AsyncLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new AsyncChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
