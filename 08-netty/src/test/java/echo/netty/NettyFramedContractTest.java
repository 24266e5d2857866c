package echo.netty;

import echo.common.Chapter;
import echo.testkit.FramedEchoContract;

class NettyFramedContractTest extends FramedEchoContract {
    @Override
    protected Chapter chapter() {
        return new NettyFramedChapter();
    }
}
