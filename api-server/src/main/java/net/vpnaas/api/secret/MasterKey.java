package net.vpnaas.api.secret;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.KDF;
import javax.crypto.SecretKey;
import javax.crypto.spec.HKDFParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One configured master key (32 bytes) and what is derived from it with HKDF-SHA256 (RFC 5869),
 * each under its own label, so no two uses share key material: the AES key of format-2
 * ciphertexts, the key id those carry, and keys for other purposes ({@link #derive}). The raw key
 * itself encrypted the format-1 ciphertexts written before key ids existed; it still decrypts them.
 */
public final class MasterKey {
    /** Bytes of the key id: 64 bits, so two configured keys never share one by chance. */
    static final int ID_BYTES = 8;
    private static final String ID_LABEL = "vpnaas master key id";
    private static final String AES_LABEL = "vpnaas secrets aes-256-gcm";

    private final byte[] raw;
    private final byte[] id;
    private final SecretKey aesKey;

    /** {@code raw}: 32 bytes (MasterKeys checks what is configured). */
    MasterKey(byte[] raw) {
        this.raw = raw.clone();
        this.id = derive(ID_LABEL, ID_BYTES);
        this.aesKey = new SecretKeySpec(derive(AES_LABEL, 32), "AES");
    }

    /** A 32-byte key for {@code purpose} (a label no other use shares), e.g. an HMAC key. */
    public SecretKey derive(String purpose, String algorithm) {
        return new SecretKeySpec(derive(purpose, 32), algorithm);
    }

    private byte[] derive(String label, int length) {
        try {
            return KDF.getInstance("HKDF-SHA256").deriveData(HKDFParameterSpec.ofExtract().addIKM(raw)
                    .thenExpand(label.getBytes(StandardCharsets.UTF_8), length));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HKDF-SHA256 is part of every JDK since 25", e);
        }
    }

    byte[] id() {
        return id.clone();
    }

    /** The key id as logged and printed: hex, safe to show (a one-way function of the key). */
    public String idHex() {
        return HexFormat.of().formatHex(id);
    }

    SecretKey aesKey() {
        return aesKey;
    }

    /** The raw key as the AES key: how format-1 ciphertexts were encrypted. */
    SecretKey legacyAesKey() {
        return new SecretKeySpec(raw, "AES");
    }
}
