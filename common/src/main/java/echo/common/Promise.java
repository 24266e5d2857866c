package echo.common;

/**
 * What a chapter's server promises beyond plain correctness. The shared contract tests check each promise a
 * chapter makes and, where it makes none, assert the limitation instead (chapter 01: the second client waits).
 */
public enum Promise {
    /** Serves many clients at once: one client that is slow, idle or never reads does not hold up the others. */
    CONCURRENT_CLIENTS,
    /**
     * Each open connection holds one of {@code --pool} workers for its whole life (03): past the pool, connections
     * wait in the queue. (A pool of threads that completes I/O for every connection, as a3's group does, is not
     * this: it serves any number of connections.)
     */
    WORKER_PER_CONNECTION
}
