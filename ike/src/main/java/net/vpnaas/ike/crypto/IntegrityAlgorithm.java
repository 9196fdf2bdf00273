package net.vpnaas.ike.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** IKEv2 integrity algorithms (Transform Type 3): truncated HMAC-SHA2 of RFC 4868. */
public enum IntegrityAlgorithm {
    HMAC_SHA2_256_128(12, "HmacSHA256", 32, 16),
    HMAC_SHA2_384_192(13, "HmacSHA384", 48, 24),
    HMAC_SHA2_512_256(14, "HmacSHA512", 64, 32);

    private final int id;
    private final String jcaName;
    private final int keyLength;
    private final int icvLength;

    IntegrityAlgorithm(int id, String jcaName, int keyLength, int icvLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.keyLength = keyLength;
        this.icvLength = icvLength;
    }

    public int id() {
        return id;
    }

    public int keyLength() {
        return keyLength;
    }

    public int icvLength() {
        return icvLength;
    }

    public static Optional<IntegrityAlgorithm> byId(int id) {
        for (IntegrityAlgorithm a : values()) if (a.id == id) return Optional.of(a);
        return Optional.empty();
    }

    /** The truncated ICV over {@code data[offset, offset+length)}. */
    public byte[] icv(byte[] key, byte[] data, int offset, int length) {
        if (key.length != keyLength) throw new IllegalArgumentException("integrity key must be " + keyLength + " bytes");
        try {
            Mac mac = Mac.getInstance(jcaName);
            mac.init(new SecretKeySpec(key, jcaName));
            mac.update(data, offset, length);
            return Arrays.copyOf(mac.doFinal(), icvLength);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Constant-time comparison of the ICV at {@code data[icvOffset...]} with one computed over the bytes before it. */
    public boolean verify(byte[] key, byte[] data, int offset, int icvOffset) {
        byte[] expected = icv(key, data, offset, icvOffset - offset);
        byte[] received = Arrays.copyOfRange(data, icvOffset, icvOffset + icvLength);
        return MessageDigest.isEqual(expected, received);
    }
}
