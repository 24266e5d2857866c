package echo.pool;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

/** {@code mvn exec:java}'s main, in a child JVM: where it listens, one-line errors, a clean Ctrl-C. */
class ThreadPoolLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPoolChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
