package echo.netty;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

class NettyContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new NettyChapter();
    }
}
