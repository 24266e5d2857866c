package echo.multireactor;

import echo.common.Chapter;
import echo.common.ServerConfig;
import echo.testkit.RawEchoContract;

/** The raw echo contract, on three reactors (more than this machine's cores, so every run spreads connections). */
class MultiReactorContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new MultiReactorChapter();
    }

    @Override
    protected ServerConfig config() {
        return super.config().withReactors(3);
    }
}
