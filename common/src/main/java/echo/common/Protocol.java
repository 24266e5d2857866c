package echo.common;

/** What a chapter's server speaks on the wire (see DESIGN.md, "The protocols"). */
public enum Protocol {
    /** Every byte received goes back, in order; a half-close is answered with what is pending, then a close. */
    RAW,
    /** A frame is a 4-byte big-endian length N, then N bytes; each frame goes back as it is. See {@link Frames}. */
    FRAMED,
    /** Each datagram goes back to its sender as it is (the UDP side chapter). */
    DATAGRAM
}
