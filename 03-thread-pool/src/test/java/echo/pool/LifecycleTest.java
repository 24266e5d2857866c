package echo.pool;

import echo.common.Chapter;
import echo.testkit.BlockingLifecycleContract;

/** Start and stop: no address before start(); close() ends a connected client's session, warns about nothing, waits. */
class LifecycleTest extends BlockingLifecycleContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPoolChapter();
    }
}
