package echo.common;

/**
 * What a chapter's server promises beyond plain correctness. The shared contract tests check each promise a
 * chapter makes and, where it makes none, assert the limitation instead (chapter 01: the second client waits).
 */
public enum Promise {
    /** Serves many clients at once: one client that is slow, idle or never reads does not hold up the others. */
    CONCURRENT_CLIENTS
}
