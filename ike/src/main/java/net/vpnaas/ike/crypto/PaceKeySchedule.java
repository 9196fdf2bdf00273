package net.vpnaas.ike.crypto;

import java.nio.charset.StandardCharsets;

/**
 * The PRF steps of PACE in IKEv2 (RFC 6631), all with the IKE SA's PRF:
 * <pre>
 * SPwd = prf("IKE with PACE", Pwd)
 * KPwd = prf+(Ni | Nr, SPwd)                                  (as long as the cipher's key)
 * AUTHi = prf(prf+(Ni | Nr, PACESharedSecret), InitiatorSignedOctets | PKEr)
 * AUTHr = prf(prf+(Ni | Nr, PACESharedSecret), ResponderSignedOctets | PKEi)
 * </pre>
 * The key from PACESharedSecret is the PRF's output length. Each AUTH covers the peer's ephemeral
 * public value as well as the usual signed octets (RFC 7296 2.15), so neither side's AUTH can be
 * reflected back to it.
 */
public final class PaceKeySchedule {
    private static final byte[] PASSWORD_LABEL = "IKE with PACE".getBytes(StandardCharsets.US_ASCII);

    private PaceKeySchedule() {}

    public static byte[] passwordKey(PrfAlgorithm prf, byte[] password, byte[] ni, byte[] nr, int length) {
        byte[] spwd = prf.prf(PASSWORD_LABEL, password);
        return prf.prfPlus(Ikev2Kdf.concat(ni, nr), spwd, length);
    }

    public static byte[] auth(PrfAlgorithm prf, byte[] ni, byte[] nr, byte[] paceSharedSecret, byte[] signedOctets, byte[] peerPublicValue) {
        byte[] key = prf.prfPlus(Ikev2Kdf.concat(ni, nr), paceSharedSecret, prf.outputLength());
        return prf.prf(key, signedOctets, peerPublicValue);
    }
}
