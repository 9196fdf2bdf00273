package net.vpnaas.ike.crypto;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** IKEv2 pseudo-random functions (Transform Type 2) we implement, all HMAC based (RFC 2104, RFC 4868). */
public enum PrfAlgorithm {
    HMAC_SHA1(2, "HmacSHA1", 20),
    HMAC_SHA2_256(5, "HmacSHA256", 32),
    HMAC_SHA2_384(6, "HmacSHA384", 48),
    HMAC_SHA2_512(7, "HmacSHA512", 64);

    private final int id;
    private final String jcaName;
    private final int outputLength;

    PrfAlgorithm(int id, String jcaName, int outputLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.outputLength = outputLength;
    }

    /** IANA Transform ID. */
    public int id() {
        return id;
    }

    /** Output length in bytes; for HMAC PRFs also the preferred key length (RFC 7296 2.13). */
    public int outputLength() {
        return outputLength;
    }

    public static Optional<PrfAlgorithm> byId(int id) {
        for (PrfAlgorithm p : values()) if (p.id == id) return Optional.of(p);
        return Optional.empty();
    }

    /** prf(key, data[0] | data[1] | ...). */
    public byte[] prf(byte[] key, byte[]... data) {
        Mac mac = mac(key);
        for (byte[] d : data) mac.update(d);
        return mac.doFinal();
    }

    /**
     * prf+ of RFC 7296 2.13: T1 | T2 | ... with Tn = prf(K, Tn-1 | S | n), truncated to {@code length}.
     * The single-byte counter limits the output to 255 blocks.
     */
    public byte[] prfPlus(byte[] key, byte[] seed, int length) {
        if (length > 255 * outputLength) throw new IllegalArgumentException("prf+ output too long: " + length);
        Mac mac = mac(key);
        byte[] out = new byte[length];
        byte[] t = new byte[0];
        int done = 0;
        for (int n = 1; done < length; n++) {
            mac.update(t);
            mac.update(seed);
            mac.update((byte) n);
            t = mac.doFinal();
            int take = Math.min(t.length, length - done);
            System.arraycopy(t, 0, out, done, take);
            done += take;
        }
        return out;
    }

    private Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(jcaName);
            // HMAC accepts keys of any length, including the empty key (SecretKeySpec does not).
            mac.init(key.length == 0 ? new EmptyKey(jcaName) : new SecretKeySpec(key, jcaName));
            return mac;
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(jcaName + " missing from the JDK", e);
        }
    }

    /** A zero-length HMAC key, which {@link SecretKeySpec} refuses to represent. */
    private record EmptyKey(String getAlgorithm) implements javax.crypto.SecretKey {
        @Override
        public String getFormat() {
            return "RAW";
        }

        @Override
        public byte[] getEncoded() {
            return new byte[0];
        }
    }
}
