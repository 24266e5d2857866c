package echo.selector;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class SelectorLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new SelectorChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
