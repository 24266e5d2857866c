package echo.netty;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class NettyFramedLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new NettyFramedChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
