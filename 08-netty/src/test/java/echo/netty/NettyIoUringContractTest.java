package echo.netty;

import echo.common.ServerConfig;
import echo.common.Transport;
import org.junit.jupiter.api.BeforeAll;

/** The whole contract again, on io_uring: the same handler, another way of waiting for sockets. */
class NettyIoUringContractTest extends NettyContractTest {
    @BeforeAll
    static void ioUringIsAvailable() {
        Available.assume(Transport.IO_URING);
    }

    @Override
    protected ServerConfig config() {
        return super.config().withTransport(Transport.IO_URING);
    }
}
