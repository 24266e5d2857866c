package echo.unix;

import echo.common.Chapter;
import echo.common.ServerConfig;
import echo.selector.SelectorChapter;
import echo.testkit.RawEchoContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/**
 * What does not change: chapter 05's server, the very same class, passes the very same contract over a socket
 * file. (The contract's port-in-use test still uses TCP: it asks for a port explicitly.)
 */
class UnixContractTest extends RawEchoContract {
    @TempDir
    Path dir;

    @Override
    protected Chapter chapter() {
        return new SelectorChapter();
    }

    @Override
    protected ServerConfig config() {
        return super.config().withUnixSocket(dir.resolve("echo.sock"));
    }
}
