package echo.testkit;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/** Where a selector loop's thread is, seen from a test: the state a cross-thread hand-over test needs. */
public final class SelectorThreads {
    private SelectorThreads() {
    }

    /**
     * Whether {@code loop} is inside the native wait of select() (epoll_wait on Linux): its stack ends in a native
     * method called from doSelect. A registration made before that point would be seen by this select(); one made
     * now is not, until something wakes the selector.
     */
    public static boolean isAsleepInSelect(Thread loop) {
        StackTraceElement[] stack = loop.getStackTrace();
        return stack.length > 0 && stack[0].isNativeMethod()
                && Arrays.stream(stack).anyMatch(frame -> frame.getMethodName().equals("doSelect"));
    }

    /** Waits until {@link #isAsleepInSelect} holds for {@code loop}; fails after 30 s. */
    public static void awaitAsleepInSelect(Thread loop) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (isAsleepInSelect(loop)) {
                return;
            }
            Thread.sleep(5);
        }
        throw new AssertionError("the loop thread never reached select()'s native wait: "
                + Arrays.toString(loop.getStackTrace()));
    }
}
