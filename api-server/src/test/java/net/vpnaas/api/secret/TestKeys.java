package net.vpnaas.api.secret;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** Master keys and ciphers for tests, and ciphertexts as the server wrote them before key ids (format 1). */
public final class TestKeys {
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {}

    /** A fresh master key: base64 of 32 random bytes. */
    public static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    public static MasterKeys keys(String current, String... previous) {
        return new MasterKeys(new SecretsProperties(current, null, List.of(previous), List.of(), false));
    }

    public static SecretCipher cipher(String current, String... previous) {
        return new SecretCipher(keys(current, previous));
    }

    /** The id a key's format-2 ciphertexts carry, in hex. */
    public static String idOf(String key) {
        return keys(key).current().idHex();
    }

    /** Format 1: 1, a 12-byte nonce, AES-256-GCM under the raw key with only the row's associated data. */
    public static byte[] format1(String key, byte[] plaintext, byte[] associatedData) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(Base64.getDecoder().decode(key), "AES"), new GCMParameterSpec(128, nonce));
            c.updateAAD(associatedData);
            byte[] sealed = c.doFinal(plaintext);
            return ByteBuffer.allocate(1 + 12 + sealed.length).put((byte) 1).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
