package echo.threadperclient;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

/** {@code mvn exec:java}'s main, in a child JVM: where it listens, one-line errors, a clean Ctrl-C. */
class ThreadPerClientLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPerClientChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
