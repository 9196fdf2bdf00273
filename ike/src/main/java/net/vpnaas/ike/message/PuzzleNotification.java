package net.vpnaas.ike.message;

import java.util.Optional;

/**
 * The data of a PUZZLE notification (RFC 8019 section 8.1): the PRF the puzzle is computed with
 * (a Transform Type 2 ID, 2 octets) and its difficulty (trailing zero bits wanted, 1 octet; 0 lets
 * the initiator choose).
 */
public record PuzzleNotification(int prfId, int difficulty) {

    public static final int LENGTH = 3;

    public PuzzleNotification {
        IkeHeader.checkUnsigned(prfId, 0xffff, "puzzle PRF");
        IkeHeader.checkUnsigned(difficulty, 0xff, "puzzle difficulty");
    }

    /** Empty for data of another length: such a notification is not a puzzle we could answer. */
    public static Optional<PuzzleNotification> decode(Bytes data) {
        if (data.length() != LENGTH) return Optional.empty();
        return Optional.of(new PuzzleNotification(data.u16(0), data.u8(2)));
    }

    public NotifyPayload payload() {
        return NotifyPayload.of(NotifyType.PUZZLE, Bytes.wrap(new byte[] {(byte) (prfId >>> 8), (byte) prfId, (byte) difficulty}));
    }
}
