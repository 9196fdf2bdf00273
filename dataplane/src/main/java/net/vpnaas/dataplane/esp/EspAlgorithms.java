package net.vpnaas.dataplane.esp;

/**
 * The algorithms of one ESP SA, named by IANA IKEv2 transform ids so that an IKE engine can hand
 * over what it negotiated without translation.
 *
 * @param encryptionId Transform Type 1 id (12 AES-CBC, 20 AES-GCM-16, 28 ChaCha20-Poly1305)
 * @param keyBits      encryption key length in bits, salt excluded
 * @param integrityId  Transform Type 3 id (0 none for AEAD, 12/13/14 HMAC-SHA2-256/384/512)
 */
public record EspAlgorithms(int encryptionId, int keyBits, int integrityId) {
    public static final int ENCR_AES_CBC = 12;
    public static final int ENCR_AES_GCM_16 = 20;
    public static final int ENCR_CHACHA20_POLY1305 = 28;
    public static final int AUTH_NONE = 0;
    public static final int AUTH_HMAC_SHA2_256_128 = 12;
    public static final int AUTH_HMAC_SHA2_384_192 = 13;
    public static final int AUTH_HMAC_SHA2_512_256 = 14;

    public EspAlgorithms {
        switch (encryptionId) {
            case ENCR_AES_GCM_16 -> {
                requireKeyBits(keyBits, 128, 256);
                requireNoIntegrity(integrityId);
            }
            case ENCR_CHACHA20_POLY1305 -> {
                requireKeyBits(keyBits, 256, 256);
                requireNoIntegrity(integrityId);
            }
            case ENCR_AES_CBC -> {
                requireKeyBits(keyBits, 128, 256);
                if (integrityId != AUTH_HMAC_SHA2_256_128 && integrityId != AUTH_HMAC_SHA2_384_192
                        && integrityId != AUTH_HMAC_SHA2_512_256) {
                    throw new IllegalArgumentException("AES-CBC needs HMAC-SHA2 integrity, got id " + integrityId);
                }
            }
            default -> throw new IllegalArgumentException("unsupported ESP encryption transform id " + encryptionId);
        }
    }

    public static EspAlgorithms aesGcm(int keyBits) {
        return new EspAlgorithms(ENCR_AES_GCM_16, keyBits, AUTH_NONE);
    }

    public static EspAlgorithms chaCha20Poly1305() {
        return new EspAlgorithms(ENCR_CHACHA20_POLY1305, 256, AUTH_NONE);
    }

    public static EspAlgorithms aesCbcHmac(int keyBits, int integrityId) {
        return new EspAlgorithms(ENCR_AES_CBC, keyBits, integrityId);
    }

    public boolean aead() {
        return encryptionId != ENCR_AES_CBC;
    }

    /** Bytes of the encryption key as carried in KEYMAT: AEAD keys are followed by a 4-byte salt. */
    public int encryptionKeyLength() {
        return keyBits / 8 + (aead() ? 4 : 0);
    }

    public int integrityKeyLength() {
        return switch (integrityId) {
            case AUTH_HMAC_SHA2_256_128 -> 32;
            case AUTH_HMAC_SHA2_384_192 -> 48;
            case AUTH_HMAC_SHA2_512_256 -> 64;
            default -> 0;
        };
    }

    /** Creates a cipher bound to keys; one instance per thread (JCA objects are not thread-safe). */
    public EspCipher newCipher(byte[] encryptionKey, byte[] integrityKey) {
        if (encryptionKey.length != encryptionKeyLength()) {
            throw new IllegalArgumentException("encryption key must be " + encryptionKeyLength() + " bytes, got " + encryptionKey.length);
        }
        if (integrityKey.length != integrityKeyLength()) {
            throw new IllegalArgumentException("integrity key must be " + integrityKeyLength() + " bytes, got " + integrityKey.length);
        }
        return switch (encryptionId) {
            case ENCR_AES_GCM_16 -> AeadCipher.aesGcm(encryptionKey);
            case ENCR_CHACHA20_POLY1305 -> AeadCipher.chaCha20Poly1305(encryptionKey);
            default -> new CbcHmacCipher(encryptionKey, integrityKey, integrityId);
        };
    }

    @Override
    public String toString() {
        return switch (encryptionId) {
            case ENCR_AES_GCM_16 -> "aes" + keyBits + "gcm16";
            case ENCR_CHACHA20_POLY1305 -> "chacha20poly1305";
            default -> "aes" + keyBits + "-" + switch (integrityId) {
                case AUTH_HMAC_SHA2_256_128 -> "sha256";
                case AUTH_HMAC_SHA2_384_192 -> "sha384";
                default -> "sha512";
            };
        };
    }

    /** Parses the names used by StaticTunnelMain and strongSwan proposals (aes128gcm16, chacha20poly1305, aes256-sha256). */
    public static EspAlgorithms parse(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        return switch (n) {
            case "aes128gcm16" -> aesGcm(128);
            case "aes256gcm16" -> aesGcm(256);
            case "chacha20poly1305" -> chaCha20Poly1305();
            default -> {
                String[] parts = n.split("-");
                if (parts.length != 2 || !parts[0].matches("aes(128|256)")) {
                    throw new IllegalArgumentException("unknown ESP algorithms: " + name);
                }
                int bits = Integer.parseInt(parts[0].substring(3));
                int integ = switch (parts[1]) {
                    case "sha256" -> AUTH_HMAC_SHA2_256_128;
                    case "sha384" -> AUTH_HMAC_SHA2_384_192;
                    case "sha512" -> AUTH_HMAC_SHA2_512_256;
                    default -> throw new IllegalArgumentException("unknown integrity: " + parts[1]);
                };
                yield aesCbcHmac(bits, integ);
            }
        };
    }

    private static void requireKeyBits(int bits, int min, int max) {
        boolean aes192 = bits == 192 && min == 128; // AES allows 128, 192 and 256
        if (bits != min && bits != max && !aes192) throw new IllegalArgumentException("unsupported key length " + bits);
    }

    private static void requireNoIntegrity(int integrityId) {
        if (integrityId != AUTH_NONE) throw new IllegalArgumentException("AEAD transform with integrity id " + integrityId);
    }
}
