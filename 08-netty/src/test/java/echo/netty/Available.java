package echo.netty;

import echo.common.Transport;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tests run on every transport this machine has. One it lacks (epoll off Linux, io_uring where the kernel or a
 * seccomp filter refuses it) is skipped, and the report says why in the very line a user would get.
 */
final class Available {
    private Available() {
    }

    /** A JUnit assumption: the test is skipped, not failed, where {@code transport} cannot run, naming the cause. */
    static void assume(Transport transport) {
        Throwable cause = Transports.unavailabilityCause(transport);
        assumeTrue(cause == null, () -> Transports.unavailable(transport, cause, Transports::unavailabilityCause));
    }
}
