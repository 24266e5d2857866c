package echo.udp;

import echo.common.Chapter;
import echo.testkit.LaunchContract;

class UdpLaunchTest extends LaunchContract {
    @Override
    protected Chapter chapter() {
        return new UdpChapter();
    }

    @Override
    protected boolean traces() {
        return true;
    }
}
