package echo.async;

import echo.testkit.AcceptPauseContract;

/**
 * The acceptor's pause (AsyncServer's {@code acceptor.failed}): out of descriptors, a warning at most once a
 * second, the connections it has served meanwhile, and accepting again once descriptors are free.
 */
class AcceptPauseTest extends AcceptPauseContract {
    @Override
    protected Class<?> mainClass() {
        return AsyncChapter.class;
    }
}
