package net.vpnaas.ike.auth;

import java.security.MessageDigest;
import net.vpnaas.ike.message.AuthMethod;

/**
 * The NULL Authentication method (AUTH method 13, RFC 7619 section 2.2): computed as the shared-key MIC
 * of RFC 7296 2.15 with the sender's own SK_pi (initiator) or SK_pr (responder) as the shared secret,
 * {@code AUTH = prf(prf(SK_px, "Key Pad for IKEv2"), <SignedOctets>)}. Anyone who ran the key exchange
 * can compute it, so it authenticates nobody; it still binds the IKE_SA_INIT messages to the keys, so
 * what a man in the middle changed there fails here.
 */
public final class NullAuthenticator {
    private NullAuthenticator() {
    }

    /** The AUTH payload content this side sends; {@code ownSkP} is SK_pi for the initiator, SK_pr for the responder. */
    public static AuthData authData(Prf prf, byte[] ownSkP, byte[] signedOctets) {
        return new AuthData(AuthMethod.NULL_AUTHENTICATION, PskAuthenticator.mac(prf, ownSkP, signedOctets));
    }

    /** Whether the peer's AUTH is the NULL method over {@code signedOctets} with its SK_p; compared in constant time. */
    public static boolean verify(Prf prf, byte[] peerSkP, byte[] signedOctets, AuthData received) {
        if (received.method() != AuthMethod.NULL_AUTHENTICATION.code()) return false;
        return MessageDigest.isEqual(PskAuthenticator.mac(prf, peerSkP, signedOctets), received.data());
    }
}
