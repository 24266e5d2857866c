package echo.netty;

import echo.common.ServerConfig;
import echo.common.Transport;
import org.junit.jupiter.api.BeforeAll;

/** The whole framed contract again, on io_uring: the same handlers, another way of waiting for sockets. */
class NettyFramedIoUringContractTest extends NettyFramedContractTest {
    @BeforeAll
    static void ioUringIsAvailable() {
        Available.assume(Transport.IO_URING);
    }

    @Override
    protected ServerConfig config() {
        return super.config().withTransport(Transport.IO_URING);
    }
}
