package echo.virtualthreads;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

/** {@code mvn exec:java}'s main, in a child JVM: where it listens, one-line errors, a clean Ctrl-C. */
class VirtualThreadsLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new VirtualThreadsChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
