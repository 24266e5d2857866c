package echo.pool;

import echo.common.Chapter;
import echo.testkit.RawEchoContract;

/**
 * The shared raw-echo contract with the default pool (16 workers, 64 waiting, 5 s idle time-out). The pool serves
 * at most 16 clients at once, so the concurrency test connects as many clients as there are workers; what happens
 * to client 17 is {@link PoolLimitsTest}'s subject.
 */
class ThreadPoolContractTest extends RawEchoContract {
    @Override
    protected Chapter chapter() {
        return new ThreadPoolChapter();
    }

    @Override
    protected int concurrentClients() {
        return config().poolSize();
    }
}
