package echo.framed;

/**
 * What the frame decoder meets, told as it happens: chapter 06's events, beside chapter 05's loop events
 * ({@code echo.selector.SelectorEvents}), which say what each read brought. One listener per connection (one
 * decoder each), called on the reactor's thread. No-op by default and {@link #NONE} when nobody watches
 * ({@link FrameWatcher} traces and counts them; DESIGN.md, "How a chapter adds tracing").
 */
public interface FrameEvents {
    FrameEvents NONE = new FrameEvents() {
    };

    /** A frame is complete, with a payload of {@code length} bytes, and goes to the processor. */
    default void frame(int length) {
    }

    /** A read is used up inside a payload: {@code have} of its {@code of} bytes are here, the rest to come. */
    default void partial(int have, int of) {
    }

    /**
     * A read is used up between frames, holding {@code bytes} (0 to 3) of the next header: more than 0 means
     * the header is split across reads.
     */
    default void headerHeld(int bytes) {
    }

    /** A header announced {@code length} bytes, over {@code maxFrame}: refused before anything is allocated. */
    default void refused(long length, int maxFrame) {
    }
}
