package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * Puzzle Solution payload, PS (RFC 8019 section 8.2): the keys that solve the responder's puzzle,
 * concatenated. What they must satisfy is the puzzle's business ({@code ClientPuzzle}); the payload
 * only refuses a body that cannot hold {@link #KEYS} keys of equal length.
 */
public record PuzzleSolutionPayload(Bytes data) implements Payload {

    /** A solution is four keys (RFC 8019 section 7.1.2): the average of four draws varies less than one. */
    public static final int KEYS = 4;

    public PuzzleSolutionPayload {
        if (!wellFormed(data.length())) throw new IllegalArgumentException("puzzle solution of " + data.length() + " bytes");
    }

    @Override
    public int typeCode() {
        return PayloadType.PUZZLE_SOLUTION.code();
    }

    @Override
    public int bodyLength() {
        return data.length();
    }

    @Override
    public void encodeBody(ByteBuffer out) {
        data.writeTo(out);
    }

    static PuzzleSolutionPayload decode(WireReader r) throws IkeDecodeException {
        int start = r.offset();
        Bytes data = r.rest();
        if (!wellFormed(data.length())) throw r.syntax(start, "puzzle solution of " + data.length() + " bytes, not " + KEYS + " equal keys");
        return new PuzzleSolutionPayload(data);
    }

    private static boolean wellFormed(int length) {
        return length > 0 && length % KEYS == 0;
    }
}
