package echo.selector;

import echo.testkit.AcceptPauseContract;

/**
 * The Acceptor's pause (see {@code Reactor}'s accept): out of descriptors, a warning at most once a second, the
 * connections it has served meanwhile, and accepting again once descriptors are free.
 */
class AcceptPauseTest extends AcceptPauseContract {
    @Override
    protected Class<?> mainClass() {
        return SelectorChapter.class;
    }
}
