package net.vpnaas.ike.eap;

import java.nio.charset.StandardCharsets;

/**
 * The EAP header fields the engine and its back ends read or write themselves (RFC 3748 4): Code,
 * Identifier, Length, and the Type of a Request or Response. The rest of a packet is the method's
 * business and passes through untouched.
 */
public final class EapPacket {
    public static final int REQUEST = 1;
    public static final int RESPONSE = 2;
    public static final int SUCCESS = 3;
    public static final int FAILURE = 4;
    /** Type 1 (RFC 3748 5.1). */
    public static final int TYPE_IDENTITY = 1;

    private EapPacket() {}

    public static int code(byte[] eap) {
        return eap[0] & 0xff;
    }

    public static int identifier(byte[] eap) {
        return eap[1] & 0xff;
    }

    /** The Type of a Request or Response; -1 for Success and Failure, which have none. */
    public static int type(byte[] eap) {
        return eap.length > 4 && (code(eap) == REQUEST || code(eap) == RESPONSE) ? eap[4] & 0xff : -1;
    }

    /** Whether {@code eap} is an EAP packet whose Length field matches its size (4 octets for Success and Failure, at least 5 otherwise). */
    public static boolean wellFormed(byte[] eap) {
        if (eap.length < 4 || ((eap[2] & 0xff) << 8 | eap[3] & 0xff) != eap.length) return false;
        int code = code(eap);
        return switch (code) {
            case REQUEST, RESPONSE -> eap.length >= 5;
            case SUCCESS, FAILURE -> eap.length == 4;
            default -> false;
        };
    }

    static void requireCode(byte[] eap, int code) {
        if (!wellFormed(eap) || code(eap) != code) throw new IllegalArgumentException("not an EAP packet of code " + code);
    }

    /** EAP-Request/Identity with no prompt. */
    public static byte[] identityRequest(int identifier) {
        return new byte[] {REQUEST, (byte) identifier, 0, 5, TYPE_IDENTITY};
    }

    /** EAP-Response/Identity naming {@code identity} (RFC 3748 5.1), e.g. the IKE identity standing in for the peer's answer. */
    public static byte[] identityResponse(int identifier, String identity) {
        byte[] name = identity.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[5 + name.length];
        out[0] = RESPONSE;
        out[1] = (byte) identifier;
        out[2] = (byte) (out.length >>> 8);
        out[3] = (byte) out.length;
        out[4] = TYPE_IDENTITY;
        System.arraycopy(name, 0, out, 5, name.length);
        return out;
    }

    /** The identity of an EAP-Response/Identity. */
    public static String identity(byte[] eap) {
        return new String(eap, 5, eap.length - 5, StandardCharsets.UTF_8);
    }

    /** A Success or Failure (RFC 3748 4.2), e.g. for a back end that gave up without sending one. */
    public static byte[] outcome(int code, int identifier) {
        return new byte[] {(byte) code, (byte) identifier, 0, 4};
    }
}
