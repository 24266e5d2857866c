package echo.pool;

import echo.common.Chapter;
import echo.testkit.DescriptorTrapContract;

class DescriptorTrapTest extends DescriptorTrapContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPoolChapter();
    }

    /**
     * A pool and queue larger than the descriptors (by default, past 16 + 64 connections the server refuses, and
     * never runs out), and no idle time-out (the clients sit idle while the shortage lasts).
     */
    @Override
    protected String[] args() {
        return new String[] {"--pool", "200", "--idle-timeout", "0"};
    }
}
