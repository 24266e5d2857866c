package echo.netty;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class NettyLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new NettyChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
