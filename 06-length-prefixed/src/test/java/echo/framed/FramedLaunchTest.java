package echo.framed;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class FramedLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new FramedChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
