package net.vpnaas.ike.message;

import java.nio.ByteBuffer;

/**
 * The data of the GSPM payload that carries PACE's encrypted nonce, ENONCE (RFC 6631): one octet PACE
 * Reserved (zero), the Initialization Vector of the IKE SA's cipher, and the encrypted nonce s. Neither
 * part has a length field: both follow from the negotiated cipher, so the decoder is told them.
 *
 * @param iv             as long as the cipher's IV ({@code crypto.PaceNonceCipher})
 * @param encryptedNonce E(KPwd, s), as long as s: no padding, no MAC, so that every trial key "decrypts" it
 */
public record PaceEncryptedNonce(Bytes iv, Bytes encryptedNonce) {
    private static final int RESERVED = 1;

    public GspmPayload payload() {
        ByteBuffer b = ByteBuffer.allocate(RESERVED + iv.length() + encryptedNonce.length());
        b.put((byte) 0);
        iv.writeTo(b);
        encryptedNonce.writeTo(b);
        return new GspmPayload(Bytes.wrap(b.array()));
    }

    /** @throws IkeDecodeException another length than the cipher's IV and nonce need, or a non-zero reserved octet */
    public static PaceEncryptedNonce decode(GspmPayload gspm, int ivLength, int nonceLength) throws IkeDecodeException {
        Bytes d = gspm.data();
        if (d.length() != RESERVED + ivLength + nonceLength) {
            throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, -1, "PACE ENONCE of " + d.length() + " octets, not "
                    + (RESERVED + ivLength + nonceLength) + " (reserved octet, " + ivLength + "-octet IV, " + nonceLength + "-octet nonce)");
        }
        // Refused rather than ignored: a sender with something there speaks a PACE variant we do not know.
        if (d.u8(0) != 0) throw new IkeDecodeException(DecodeError.INVALID_SYNTAX, 0, "PACE reserved octet is " + d.u8(0) + ", not 0");
        return new PaceEncryptedNonce(d.slice(RESERVED, ivLength), d.slice(RESERVED + ivLength, nonceLength));
    }
}
