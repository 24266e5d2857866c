package echo.common;

/** A mistake on the command line: its message is the one line the user sees, with no stack trace. */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message, null, false, false);
    }
}
