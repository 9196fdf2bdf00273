package net.vpnaas.ike.message;

import java.util.Optional;

/**
 * The Notification Data of PPK_IDENTITY (RFC 8784 section 3): a PPK_ID type octet, then the PPK_ID.
 * Only PPK_ID_FIXED (2), an octet string both sides configured, is used, as by strongSwan and
 * Libreswan; PPK_ID_OPAQUE has no agreed meaning. The responder's PPK_IDENTITY is empty.
 */
public final class PpkIdentity {
    public static final int PPK_ID_FIXED = 2;

    private PpkIdentity() {}

    public static Bytes encode(byte[] ppkId) {
        byte[] out = new byte[1 + ppkId.length];
        out[0] = PPK_ID_FIXED;
        System.arraycopy(ppkId, 0, out, 1, ppkId.length);
        return Bytes.wrap(out);
    }

    /** The PPK_ID of a PPK_ID_FIXED; empty for another type or no id at all (which no configured PPK matches). */
    public static Optional<byte[]> decode(Bytes data) {
        if (data.length() < 2 || data.u8(0) != PPK_ID_FIXED) return Optional.empty();
        return Optional.of(data.slice(1, data.length() - 1).toByteArray());
    }
}
