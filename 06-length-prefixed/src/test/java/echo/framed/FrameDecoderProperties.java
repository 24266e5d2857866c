package echo.framed;

import echo.common.Frames;
import echo.selector.ProtocolException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@link FrameDecoderTest}'s cases as properties: each test generates a few hundred inputs (frames of any length up
 * to the max, cut into reads at any points; headers over the max) and checks a statement that must hold for every
 * one. When one fails, {@link #forAll} shrinks it (drops frames and cuts, shortens payloads, zeroes bytes) to a
 * small case that still fails, and reports that, e.g. {@code max 3, frames [2 bytes 0000], reads of [1, 5] bytes}.
 *
 * <p>The inputs come from a seeded {@link Random}, so a run is reproducible: {@code -Decho.properties.seed=N}
 * explores other inputs, and a failure names its seed.
 */
class FrameDecoderProperties {
    private static final long SEED = Long.getLong("echo.properties.seed", 6L);
    private static final int TRIES = 300;

    // ---------------------------------------------------------------------------------------------------------
    // The smallest property runner that does the job: generate, check, and on failure shrink greedily.

    /** A check that may throw: an assertion fails, or the decoder throws where it must not. */
    interface Check<T> {
        void accept(T value) throws Exception;
    }

    /**
     * Runs {@code property} on {@link #TRIES} values from {@code generate}. The first that fails is shrunk: each
     * candidate {@code shrink} offers is tried, the first that still fails replaces it, and this repeats until no
     * smaller candidate fails. The report gives the shrunk case, its failure, and the original.
     */
    static <T> void forAll(Function<Random, T> generate, Function<T, List<T>> shrink, Check<T> property) {
        Random random = new Random(SEED);
        for (int attempt = 0; attempt < TRIES; attempt++) {
            T value = generate.apply(random);
            Throwable failure = failure(property, value);
            if (failure == null) {
                continue;
            }
            T original = value;
            int steps = 0;
            boolean smaller = true;
            while (smaller && steps < 2_000) {
                smaller = false;
                for (T candidate : shrink.apply(value)) {
                    Throwable f = failure(property, candidate);
                    if (f != null) {
                        value = candidate;
                        failure = f;
                        steps++;
                        smaller = true;
                        break;
                    }
                }
            }
            throw new AssertionError("property fails for: " + value + "\n  because: " + failure.getMessage()
                    + "\n  (shrunk in " + steps + " steps from try " + attempt + " with seed " + SEED + ": "
                    + abbreviate(original.toString()) + ")", failure);
        }
    }

    private static <T> Throwable failure(Check<T> property, T value) {
        try {
            property.accept(value);
            return null;
        } catch (Exception | AssertionError e) {
            return e;
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "...";
    }

    static String describe(byte[] bytes) {
        String hex = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, 8));
        return bytes.length + " bytes" + (bytes.length == 0 ? "" : " " + hex + (bytes.length > 8 ? "..." : ""));
    }

    // ---------------------------------------------------------------------------------------------------------
    // Streams of valid frames, cut into reads.

    /** Frames for a decoder with this max, and where their stream is cut into reads (sorted, distinct, inside). */
    record Stream(int max, List<byte[]> payloads, List<Integer> cuts) {
        Stream {
            int length = payloads.stream().mapToInt(p -> Frames.HEADER_BYTES + p.length).sum();
            cuts = List.copyOf(new TreeSet<>(cuts.stream().filter(c -> c > 0 && c < length).toList()));
        }

        byte[] wire() {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            payloads.forEach(p -> out.writeBytes(Frames.encode(p).array()));
            return out.toByteArray();
        }

        List<Integer> reads() {
            List<Integer> sizes = new ArrayList<>();
            int from = 0;
            for (int cut : cuts) {
                sizes.add(cut - from);
                from = cut;
            }
            sizes.add(wire().length - from);
            return sizes;
        }

        @Override
        public String toString() {
            return "max " + max + ", frames " + payloads.stream().map(FrameDecoderProperties::describe).toList()
                    + ", reads of " + reads() + " bytes";
        }
    }

    /**
     * A max from 0 to 70,000 (small ones often; large ones go past the decoder's first 4 KiB buffer of a partial
     * frame, so its growth is exercised), up to 10 payloads of random bytes (any length up to the max, with
     * exactly the max and empty ones often), and up to 30 cuts anywhere, inside headers too.
     */
    static Stream stream(Random random) {
        int max = switch (random.nextInt(4)) {
            case 0 -> random.nextInt(8);
            case 1 -> random.nextInt(300);
            default -> random.nextInt(70_001);
        };
        List<byte[]> payloads = new ArrayList<>();
        int frames = random.nextInt(11);
        for (int i = 0; i < frames; i++) {
            int kind = random.nextInt(8);
            byte[] payload = new byte[kind == 0 ? 0 : kind == 1 ? max : random.nextInt(max + 1)];
            random.nextBytes(payload);
            payloads.add(payload);
        }
        int length = payloads.stream().mapToInt(p -> Frames.HEADER_BYTES + p.length).sum();
        List<Integer> cuts = new ArrayList<>();
        int n = random.nextInt(31);
        for (int i = 0; i < n && length > 1; i++) {
            // Half the cuts fall near a frame's start, where the header is: the hard places.
            cuts.add(random.nextBoolean() ? 1 + random.nextInt(length - 1) : Math.min(length - 1,
                    startOf(payloads, random.nextInt(payloads.size())) + 1 + random.nextInt(Frames.HEADER_BYTES)));
        }
        return new Stream(max, payloads, cuts);
    }

    private static int startOf(List<byte[]> payloads, int frame) {
        int at = 0;
        for (int i = 0; i < frame; i++) {
            at += Frames.HEADER_BYTES + payloads.get(i).length;
        }
        return at;
    }

    /** Smaller streams, most promising first: fewer frames, fewer cuts, shorter payloads, zero bytes, lower max. */
    static List<Stream> smaller(Stream s) {
        List<Stream> out = new ArrayList<>();
        for (int i = 0; i < s.payloads().size(); i++) {
            List<byte[]> fewer = new ArrayList<>(s.payloads());
            fewer.remove(i);
            out.add(new Stream(s.max(), fewer, s.cuts()));
        }
        for (int i = 0; i < s.cuts().size(); i++) {
            List<Integer> fewer = new ArrayList<>(s.cuts());
            fewer.remove(i);
            out.add(new Stream(s.max(), s.payloads(), fewer));
        }
        for (int i = 0; i < s.payloads().size(); i++) {
            byte[] p = s.payloads().get(i);
            for (byte[] shorter : List.of(new byte[0], Arrays.copyOf(p, p.length / 2),
                    Arrays.copyOf(p, Math.max(0, p.length - 1)), new byte[p.length])) {
                if (!Arrays.equals(shorter, p)) {
                    List<byte[]> changed = new ArrayList<>(s.payloads());
                    changed.set(i, shorter);
                    out.add(new Stream(s.max(), changed, s.cuts()));
                }
            }
        }
        int longest = s.payloads().stream().mapToInt(p -> p.length).max().orElse(0);
        if (s.max() > longest) {
            out.add(new Stream(longest, s.payloads(), s.cuts()));
        }
        if (s.max() > 0) {
            // A smaller max, every payload cut to fit, and the cuts scaled with them: big cases get small fast.
            int half = s.max() / 2;
            out.add(new Stream(half, s.payloads().stream().map(p -> Arrays.copyOf(p, Math.min(p.length, half)))
                    .toList(), s.cuts().stream().map(c -> c / 2).toList()));
        }
        return out;
    }

    /** Feeds {@code wire} to {@code decoder}, cut at {@code cuts}; returns the frames, each copied out at once. */
    private static List<byte[]> decode(FrameDecoder decoder, byte[] wire, List<Integer> cuts)
            throws ProtocolException {
        List<byte[]> frames = new ArrayList<>();
        List<Integer> ends = new ArrayList<>(cuts);
        ends.add(wire.length);
        int from = 0;
        for (int to : ends) {
            // Each read is a window of one larger array (its position is not 0), as a socket read into a shared
            // buffer is: a decoder that indexes from 0, or reads past its limit, gets the wrong bytes.
            decoder.decode(ByteBuffer.wrap(wire, from, to - from), frame -> {
                byte[] copy = new byte[frame.remaining()];
                frame.get(copy);
                frames.add(copy);
            });
            from = to;
        }
        return frames;
    }

    @Test
    void anyFramesCutAnywhereDecodeToExactlyThoseFramesInOrder() {
        forAll(FrameDecoderProperties::stream, FrameDecoderProperties::smaller, stream -> {
            FrameDecoder decoder = new FrameDecoder(stream.max());
            List<byte[]> got = decode(decoder, stream.wire(), stream.cuts());
            assertEquals(stream.payloads().size(), got.size(), () -> "frames out: " + got.stream()
                    .map(f -> describe(Arrays.copyOfRange(f, Frames.HEADER_BYTES, f.length))).toList());
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(Frames.encode(stream.payloads().get(i)).array(), got.get(i),
                        "frame " + i + ", header and payload as sent");
            }
            decoder.endOfInput(); // ended between frames: a clean end, no exception
        });
    }

    /**
     * The same streams, stopped at their last cut when it falls inside a frame: the frames wholly before it come out,
     * the fragment does not, and the end of input is reported as an incomplete frame.
     */
    @Test
    void aStreamThatStopsInsideAFrameGivesItsWholeFramesThenAnError() {
        forAll(FrameDecoderProperties::stream, FrameDecoderProperties::smaller, stream -> {
            if (stream.cuts().isEmpty()) {
                return; // nowhere to stop: the property above covers it
            }
            int stop = stream.cuts().get(stream.cuts().size() - 1);
            int whole = 0;
            while (startOf(stream.payloads(), whole + 1) <= stop) {
                whole++;
            }
            if (startOf(stream.payloads(), whole) == stop) {
                return; // the stop falls between two frames: a clean end, covered above
            }
            FrameDecoder decoder = new FrameDecoder(stream.max());
            List<byte[]> got = decode(decoder, Arrays.copyOf(stream.wire(), stop),
                    stream.cuts().subList(0, stream.cuts().size() - 1));
            assertEquals(whole, got.size(), "frames wholly before byte " + stop);
            ProtocolException e = assertThrows(ProtocolException.class, decoder::endOfInput,
                    "stopped at byte " + stop + ", inside frame " + whole);
            assertTrue(e.getMessage().startsWith("incomplete frame at end of stream"), e.getMessage());
        });
    }

    // ---------------------------------------------------------------------------------------------------------
    // Headers over the max.

    /**
     * After one valid frame, a header announcing more than the max (up to 0xFFFFFFFF, negative as a Java int),
     * arriving whole ({@code split} 0) or after its first {@code split} bytes, followed by {@code trailing} bytes
     * of what it claims is payload.
     */
    record BadHeader(int max, long announced, int split, int trailing) {
        @Override
        public String toString() {
            return "max " + max + ", header announcing " + announced + " (0x" + Long.toHexString(announced)
                    + "), split after " + split + " of its 4 bytes, then " + trailing + " payload bytes";
        }
    }

    static BadHeader badHeader(Random random) {
        int max = random.nextBoolean() ? random.nextInt(1_000) : random.nextInt((1 << 20) + 1);
        long announced = switch (random.nextInt(3)) {
            case 0 -> max + 1L + random.nextInt(16);                                  // just over
            case 1 -> max + 1L + (long) (random.nextDouble() * (0x7FFF_FFFFL - max)); // up to the largest int
            default -> 0x8000_0000L + (long) (random.nextDouble() * 0x8000_0000L);    // 2^31 and up: "negative"
        };
        return new BadHeader(max, Math.min(announced, 0xFFFF_FFFFL), random.nextInt(Frames.HEADER_BYTES),
                random.nextInt(101));
    }

    static List<BadHeader> smaller(BadHeader b) {
        List<BadHeader> out = new ArrayList<>();
        if (b.trailing() > 0) {
            out.add(new BadHeader(b.max(), b.announced(), b.split(), 0));
        }
        if (b.split() > 0) {
            out.add(new BadHeader(b.max(), b.announced(), 0, b.trailing()));
        }
        if (b.max() > 0) {
            out.add(new BadHeader(0, b.announced(), b.split(), b.trailing()));
            out.add(new BadHeader(b.max() / 2, b.announced(), b.split(), b.trailing()));
        }
        if (b.announced() > b.max() + 1L) {
            out.add(new BadHeader(b.max(), b.max() + 1L, b.split(), b.trailing()));
            out.add(new BadHeader(b.max(), b.max() + 1L + (b.announced() - b.max() - 1) / 2, b.split(), b.trailing()));
        }
        return out;
    }

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Bytes this thread allocated come from the JVM's own per-thread counter, as in {@link FrameDecoderTest}. The
     * first refusals link the code that builds the message (string concatenation is bootstrapped on first use),
     * so a few are made before any is measured.
     */
    @BeforeAll
    static void warmUp() {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled());
        for (int i = 0; i < 3; i++) {
            // Not assertions: a decoder that accepts these is for the property to report, with its input.
            try {
                new FrameDecoder(i).decode(Frames.header(-1), f -> { });
            } catch (ProtocolException expected) {
                // the usual outcome
            }
            try {
                FrameDecoder split = new FrameDecoder(0);
                split.decode(ByteBuffer.wrap(new byte[] {0}), f -> { });
                split.decode(ByteBuffer.wrap(new byte[] {0, 0, 1}), f -> { });
            } catch (ProtocolException expected) {
                // the usual outcome
            }
            THREADS.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
    }

    /**
     * Far below the smallest buffer the decoder starts a frame with (4 KiB): refusing may allocate the exception
     * and its one-line message (a ProtocolException has no stack trace), a few hundred bytes, and nothing else.
     */
    static final long NOTHING_FOR_IT = 1024;

    @Test
    void aHeaderOverTheMaxIsRefusedWithNothingAllocatedForIt() {
        forAll(FrameDecoderProperties::badHeader, FrameDecoderProperties::smaller, bad -> {
            FrameDecoder decoder = new FrameDecoder(bad.max());
            List<ByteBuffer> frames = new ArrayList<>();
            decoder.decode(Frames.encode(new byte[Math.min(bad.max(), 3)]), frames::add); // a valid frame first
            assertEquals(1, frames.size(), "the valid frame before the bad header");

            ByteBuffer wire = ByteBuffer.allocate(Frames.HEADER_BYTES + bad.trailing())
                    .putInt(0, (int) bad.announced()); // the low 32 bits: 0xFFFFFFFF is the int -1
            decoder.decode(wire.slice(0, bad.split()), frames::add); // no whole header yet: nothing to refuse
            ByteBuffer rest = wire.slice(bad.split(), wire.capacity() - bad.split());

            Consumer<ByteBuffer> out = frames::add; // made before measuring: its first use links a lambda
            long id = Thread.currentThread().getId();
            long before = THREADS.getThreadAllocatedBytes(id);
            ProtocolException refused = null;
            try {
                decoder.decode(rest, out);
            } catch (ProtocolException e) {
                refused = e;
            }
            long allocated = THREADS.getThreadAllocatedBytes(id) - before;

            if (refused == null) {
                fail("the header was accepted: " + frames.size() + " frames out, " + allocated + " bytes allocated");
            }
            assertTrue(refused.getMessage().contains("frame length " + bad.announced() + " "),
                    "the reason names the length, read as unsigned: " + refused.getMessage());
            assertTrue(allocated < NOTHING_FOR_IT, "refusing it allocated " + allocated + " bytes");
            assertEquals(1, frames.size(), "no frame came out of the bad header");
        });
    }
}
