package echo.selector;

/**
 * A client broke the protocol (in chapter 06: a frame length over the limit). Its message is the one line the
 * server logs before it closes that connection; it has no stack trace because nothing in the server went wrong.
 */
public final class ProtocolException extends Exception {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message, null, false, false);
    }
}
