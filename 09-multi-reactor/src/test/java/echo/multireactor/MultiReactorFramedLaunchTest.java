package echo.multireactor;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class MultiReactorFramedLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new MultiReactorFramedChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
