package echo.multireactor;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class MultiReactorLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new MultiReactorChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
