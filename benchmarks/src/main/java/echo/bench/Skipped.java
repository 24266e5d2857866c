package echo.bench;

/**
 * Thrown from a benchmark's set-up when a combination cannot run (see {@link Capacity}). JMH reports the
 * message and goes on with the next combination; there is no stack trace, because nothing went wrong.
 */
final class Skipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Skipped(String why) {
        super("skipped: " + why, null, false, false);
    }

    @Override
    public String toString() {
        return getMessage();
    }
}
