package echo.poll;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class PollingLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new PollingChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
