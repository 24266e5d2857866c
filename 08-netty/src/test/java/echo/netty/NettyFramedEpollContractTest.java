package echo.netty;

import echo.common.ServerConfig;
import echo.common.Transport;
import org.junit.jupiter.api.BeforeAll;

/** The whole framed contract again, on epoll: the same handlers, another way of waiting for sockets. */
class NettyFramedEpollContractTest extends NettyFramedContractTest {
    @BeforeAll
    static void epollIsAvailable() {
        Available.assume(Transport.EPOLL);
    }

    @Override
    protected ServerConfig config() {
        return super.config().withTransport(Transport.EPOLL);
    }
}
