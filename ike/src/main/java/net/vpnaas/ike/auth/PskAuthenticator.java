package net.vpnaas.ike.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import net.vpnaas.ike.message.AuthMethod;

/**
 * Shared Key Message Integrity Code (AUTH method 2, RFC 7296 section 2.15):
 * {@code AUTH = prf( prf(Shared Secret, "Key Pad for IKEv2"), <SignedOctets>)}.
 */
public final class PskAuthenticator {
    /** The 17 ASCII octets of the key pad, without any terminator. */
    private static final byte[] KEY_PAD = "Key Pad for IKEv2".getBytes(StandardCharsets.US_ASCII);

    private PskAuthenticator() {
    }

    /** The AUTH payload content this side sends. */
    public static AuthData authData(Prf prf, byte[] sharedSecret, byte[] signedOctets) {
        return new AuthData(AuthMethod.SHARED_KEY_MIC, mac(prf, sharedSecret, signedOctets));
    }

    /**
     * Whether the peer's AUTH payload is the shared-key MIC of {@code signedOctets}. Compared in
     * constant time: a timing difference would let an attacker learn the expected value byte by byte.
     */
    public static boolean verify(Prf prf, byte[] sharedSecret, byte[] signedOctets, AuthData received) {
        if (received.method() != AuthMethod.SHARED_KEY_MIC.code()) return false;
        return MessageDigest.isEqual(mac(prf, sharedSecret, signedOctets), received.data());
    }

    static byte[] mac(Prf prf, byte[] sharedSecret, byte[] signedOctets) {
        return prf.compute(prf.compute(sharedSecret, KEY_PAD), signedOctets);
    }
}
