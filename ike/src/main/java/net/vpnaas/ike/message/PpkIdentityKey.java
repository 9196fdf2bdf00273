package net.vpnaas.ike.message;

import java.util.Arrays;
import java.util.Optional;

/**
 * The Notification Data of PPK_IDENTITY_KEY (RFC 9867): a PPK_ID as in PPK_IDENTITY (a PPK_ID type
 * octet, only PPK_ID_FIXED, then the id), followed by the 8-octet PPK Confirmation, the first octets
 * of prf(PPK, Ni | Nr | SPIi | SPIr). With it a responder learns in IKE_INTERMEDIATE, before any
 * key depends on the PPK, whether it holds the same secret under that id.
 * <pre>
 *  ~ PPK_ID type (1 octet) | PPK_ID ~ PPK Confirmation (8 octets) |
 * </pre>
 */
public final class PpkIdentityKey {
    public static final int CONFIRMATION_LENGTH = 8;

    /** A decoded PPK_IDENTITY_KEY. */
    public record Offer(byte[] ppkId, byte[] confirmation) {
        public Offer {
            ppkId = ppkId.clone();
            confirmation = confirmation.clone();
        }

        @Override
        public byte[] ppkId() {
            return ppkId.clone();
        }

        @Override
        public byte[] confirmation() {
            return confirmation.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Offer other && Arrays.equals(ppkId, other.ppkId) && Arrays.equals(confirmation, other.confirmation);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ppkId);
        }
    }

    private PpkIdentityKey() {}

    public static Bytes encode(byte[] ppkId, byte[] confirmation) {
        if (ppkId.length == 0) throw new IllegalArgumentException("PPK_ID without an id");
        if (confirmation.length != CONFIRMATION_LENGTH) throw new IllegalArgumentException("PPK Confirmation of " + confirmation.length + " octets");
        byte[] out = new byte[1 + ppkId.length + CONFIRMATION_LENGTH];
        out[0] = PpkIdentity.PPK_ID_FIXED;
        System.arraycopy(ppkId, 0, out, 1, ppkId.length);
        System.arraycopy(confirmation, 0, out, 1 + ppkId.length, CONFIRMATION_LENGTH);
        return Bytes.wrap(out);
    }

    /**
     * The PPK_ID and confirmation of a PPK_ID_FIXED; empty for another type, or data too short for a
     * one-octet id and the confirmation (which no configured PPK matches).
     */
    public static Optional<Offer> decode(Bytes data) {
        if (data.length() < 2 + CONFIRMATION_LENGTH || data.u8(0) != PpkIdentity.PPK_ID_FIXED) return Optional.empty();
        int idLength = data.length() - 1 - CONFIRMATION_LENGTH;
        return Optional.of(new Offer(data.slice(1, idLength).toByteArray(), data.slice(1 + idLength, CONFIRMATION_LENGTH).toByteArray()));
    }
}
