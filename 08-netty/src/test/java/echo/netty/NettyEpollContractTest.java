package echo.netty;

import echo.common.ServerConfig;
import echo.common.Transport;
import org.junit.jupiter.api.BeforeAll;

/** The whole contract again, on epoll: the same handler, another way of waiting for sockets. */
class NettyEpollContractTest extends NettyContractTest {
    @BeforeAll
    static void epollIsAvailable() {
        Available.assume(Transport.EPOLL);
    }

    @Override
    protected ServerConfig config() {
        return super.config().withTransport(Transport.EPOLL);
    }
}
