package net.vpnaas.ike.interop;

/**
 * strongSwan's names for negotiated algorithms ({@code swanctl --list-sas}) mapped to our enum names,
 * so that the two sides' views compare as equal strings. Absent (AEAD integrity, no PFS group): NONE.
 */
final class StrongSwanNames {

    private StrongSwanNames() {}

    static String encryption(String strongSwan) {
        return strongSwan == null ? "NONE" : strongSwan; // AES_CBC, AES_GCM_16, CHACHA20_POLY1305: same names
    }

    /** charon lists 0 for ChaCha20-Poly1305, whose key has one fixed size (no Key Length attribute). */
    static int keyBits(String encryption, int strongSwanKeysize) {
        return "CHACHA20_POLY1305".equals(encryption) && strongSwanKeysize == 0 ? 256 : strongSwanKeysize;
    }

    static String integrity(String strongSwan) {
        return strongSwan == null ? "NONE" : strongSwan; // HMAC_SHA2_256_128 ...: same names
    }

    static String prf(String strongSwan) {
        return strongSwan == null ? "NONE" : strongSwan.replaceFirst("^PRF_", "");
    }

    static String keyExchange(String strongSwan) {
        if (strongSwan == null) return "NONE";
        return switch (strongSwan) {
            case "CURVE_25519" -> "CURVE25519";
            case "CURVE_448" -> "CURVE448";
            default -> strongSwan; // ECP_256, MODP_3072 ...
        };
    }
}
