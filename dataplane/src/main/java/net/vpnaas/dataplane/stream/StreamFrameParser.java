package net.vpnaas.dataplane.stream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads a TCP-encapsulated stream (RFC 9329): on the side that accepted the connection the stream
 * starts with the prefix {@code IKETCP} (section 4), then carries frames, each a 16-bit Length that
 * counts itself, followed by either an IKE message behind the four zero octets of the non-ESP marker
 * or an ESP packet (section 3). No I/O: bytes in, frames out, one instance per connection.
 *
 * <p>Bounded by construction: the length field cannot say more than 65535, so a frame that straddles
 * two reads is kept in one buffer of that size at most, taken only once a frame is split; a frame
 * inside one read is handed on as a slice of the caller's buffer, without a copy. What cannot be a
 * frame ends the stream ({@link Violation}); a frame too short to be an ESP packet or an IKE header
 * is counted and skipped, as it does not lose the framing.
 */
public final class StreamFrameParser {
    /** The stream prefix the TCP originator sends once, first (RFC 9329 section 4). */
    public static final byte[] PREFIX = "IKETCP".getBytes(StandardCharsets.US_ASCII);
    /** The Length field and the non-ESP marker. */
    public static final int LENGTH_FIELD = 2;
    public static final int NON_ESP_MARKER = 4;
    /** The most one Length field can say, the field itself included. */
    public static final int MAX_FRAME = 0xFFFF;
    /** SPI and sequence number: anything shorter is no ESP packet. */
    static final int MIN_ESP = 8;
    /** An IKE header (RFC 7296 3.1). */
    static final int MIN_IKE = 28;

    /** Why the stream cannot go on; the connection is closed. */
    public enum Violation { BAD_PREFIX, BAD_LENGTH }

    /** Where complete frames go; the buffers are only valid during the call. */
    public interface Frames {
        /** An IKE message, marker removed: {@code message} from its position to its limit. */
        void ike(ByteBuffer message);

        /** An ESP packet from its position ({@code SPI} first) to its limit. */
        void esp(ByteBuffer packet);

        /** A frame too short to be either, skipped. */
        void runt();
    }

    private int prefixSeen;
    /** The frame being collected across reads (allocated on first need), how much of it is here, and its length. */
    private ByteBuffer partial;
    private int frameLength;

    /** @param expectPrefix true on the accepting side, which must see {@link #PREFIX} first */
    public StreamFrameParser(boolean expectPrefix) {
        this.prefixSeen = expectPrefix ? 0 : PREFIX.length;
    }

    /** Whether the prefix has been read (always, on the originating side). */
    public boolean prefixDone() {
        return prefixSeen == PREFIX.length;
    }

    /** Whether a frame has started and not yet ended: a peer that stops here holds our buffer. */
    public boolean midFrame() {
        return partial != null && partial.position() > 0;
    }

    /**
     * Consumes every byte of {@code in} (position to limit), delivering each completed frame.
     *
     * @return null while the stream is well-formed, else why it must be closed
     */
    public Violation feed(ByteBuffer in, Frames out) {
        while (in.hasRemaining() && prefixSeen < PREFIX.length) {
            if (in.get() != PREFIX[prefixSeen++]) return Violation.BAD_PREFIX;
        }
        while (in.hasRemaining()) {
            if (midFrame()) {
                Violation v = continuePartial(in, out);
                if (v != null) return v;
                continue;
            }
            if (in.remaining() >= LENGTH_FIELD) {
                int length = Short.toUnsignedInt(in.getShort(in.position()));
                if (length < LENGTH_FIELD) return Violation.BAD_LENGTH;
                if (in.remaining() >= length) { // the whole frame is here: no copy
                    int start = in.position();
                    ByteBuffer frame = in.slice(start + LENGTH_FIELD, length - LENGTH_FIELD);
                    in.position(start + length);
                    deliver(frame, out);
                    continue;
                }
            }
            startPartial();
            Violation v = continuePartial(in, out);
            if (v != null) return v;
        }
        return null;
    }

    private void startPartial() {
        if (partial == null) partial = ByteBuffer.allocate(MAX_FRAME);
        partial.clear();
        frameLength = -1;
    }

    /** Adds to the frame being collected; delivers it when complete. */
    private Violation continuePartial(ByteBuffer in, Frames out) {
        if (frameLength < 0) {
            while (partial.position() < LENGTH_FIELD && in.hasRemaining()) partial.put(in.get());
            if (partial.position() < LENGTH_FIELD) return null;
            frameLength = Short.toUnsignedInt(partial.getShort(0));
            if (frameLength < LENGTH_FIELD) return Violation.BAD_LENGTH;
        }
        int take = Math.min(frameLength - partial.position(), in.remaining());
        partial.put(partial.position(), in, in.position(), take);
        partial.position(partial.position() + take);
        in.position(in.position() + take);
        if (partial.position() < frameLength) return null;
        ByteBuffer frame = partial.slice(LENGTH_FIELD, frameLength - LENGTH_FIELD);
        partial.clear();
        frameLength = -1;
        deliver(frame, out);
        return null;
    }

    private static void deliver(ByteBuffer frame, Frames out) {
        int n = frame.remaining();
        if (n >= NON_ESP_MARKER && frame.getInt(frame.position()) == 0) {
            if (n < NON_ESP_MARKER + MIN_IKE) {
                out.runt();
                return;
            }
            out.ike(frame.position(frame.position() + NON_ESP_MARKER));
        } else if (n < MIN_ESP) {
            out.runt(); // e.g. a NAT keepalive, which has no place on a TCP stream
        } else {
            out.esp(frame);
        }
    }

    /** Writes the frame header for a payload of {@code payloadLength} bytes: Length, and for IKE the marker. */
    public static void putHeader(ByteBuffer out, int payloadLength, boolean ike) {
        int length = LENGTH_FIELD + (ike ? NON_ESP_MARKER : 0) + payloadLength;
        if (length > MAX_FRAME) throw new IllegalArgumentException("frame of " + length + " bytes");
        out.putShort((short) length);
        if (ike) out.putInt(0);
    }

    /** Bytes a payload takes on the stream, header included. */
    public static int framed(int payloadLength, boolean ike) {
        return LENGTH_FIELD + (ike ? NON_ESP_MARKER : 0) + payloadLength;
    }
}
