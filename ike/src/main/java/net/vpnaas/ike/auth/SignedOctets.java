package net.vpnaas.ike.auth;

/**
 * The octets an AUTH payload is computed over (RFC 7296 section 2.15):
 * <pre>
 * InitiatorSignedOctets = RealMessage1 | NonceRData | prf(SK_pi, RestOfInitIDPayload)
 * ResponderSignedOctets = RealMessage2 | NonceIData | prf(SK_pr, RestOfRespIDPayload)
 * </pre>
 * Both sides compute the same octets: the initiator to produce its AUTH, the responder to check it
 * (and the other way round for the responder's AUTH). Every argument is bytes exactly as they were
 * on the wire, never re-encoded: the peer signed what it sent, reserved bits included.
 */
public final class SignedOctets {
    private SignedOctets() {
    }

    /**
     * @param realMessage1        the whole IKE_SA_INIT request as sent (IKE header included; after a
     *                            COOKIE or INVALID_KE_PAYLOAD retry, the retried request)
     * @param nonceR              the body of the responder's Nonce payload (Nr, no payload header)
     * @param skPi                SK_pi
     * @param restOfInitIdPayload the IDi payload body after the generic payload header: ID type,
     *                            three reserved octets, identification data
     */
    public static byte[] initiator(byte[] realMessage1, byte[] nonceR, Prf prf, byte[] skPi,
                                   byte[] restOfInitIdPayload) {
        return concat(realMessage1, nonceR, prf.compute(skPi, restOfInitIdPayload));
    }

    /**
     * @param realMessage2        the whole IKE_SA_INIT response as sent
     * @param nonceI              the body of the initiator's Nonce payload (Ni)
     * @param skPr                SK_pr
     * @param restOfRespIdPayload the IDr payload body after the generic payload header
     */
    public static byte[] responder(byte[] realMessage2, byte[] nonceI, Prf prf, byte[] skPr,
                                   byte[] restOfRespIdPayload) {
        return concat(realMessage2, nonceI, prf.compute(skPr, restOfRespIdPayload));
    }

    private static byte[] concat(byte[] message, byte[] nonce, byte[] macedId) {
        byte[] out = new byte[message.length + nonce.length + macedId.length];
        System.arraycopy(message, 0, out, 0, message.length);
        System.arraycopy(nonce, 0, out, message.length, nonce.length);
        System.arraycopy(macedId, 0, out, message.length + nonce.length, macedId.length);
        return out;
    }
}
