package net.vpnaas.agent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The algorithms a proposal string may name, with strongSwan's keywords (so a tenant can paste a
 * proposal from an existing strongSwan config) and the IANA IKEv2 transform ids the engine speaks.
 * The same list as the REST contract's Proposal schema (openapi/vpn-api.yaml).
 */
public enum Transform {
    AES128_CBC("aes128", Type.ENCRYPTION, 12, 128),
    AES256_CBC("aes256", Type.ENCRYPTION, 12, 256),
    AES128_GCM_16("aes128gcm16", Type.AEAD, 20, 128),
    AES256_GCM_16("aes256gcm16", Type.AEAD, 20, 256),
    CHACHA20_POLY1305("chacha20poly1305", Type.AEAD, 28, 256),
    HMAC_SHA2_256_128("sha256", Type.INTEGRITY, 12, 0),
    HMAC_SHA2_384_192("sha384", Type.INTEGRITY, 13, 0),
    HMAC_SHA2_512_256("sha512", Type.INTEGRITY, 14, 0),
    PRF_HMAC_SHA2_256("prfsha256", Type.PRF, 5, 0),
    PRF_HMAC_SHA2_384("prfsha384", Type.PRF, 6, 0),
    PRF_HMAC_SHA2_512("prfsha512", Type.PRF, 7, 0),
    MODP_2048("modp2048", Type.KEY_EXCHANGE, 14, 0),
    MODP_3072("modp3072", Type.KEY_EXCHANGE, 15, 0),
    MODP_4096("modp4096", Type.KEY_EXCHANGE, 16, 0),
    ECP_256("ecp256", Type.KEY_EXCHANGE, 19, 0),
    ECP_384("ecp384", Type.KEY_EXCHANGE, 20, 0),
    ECP_521("ecp521", Type.KEY_EXCHANGE, 21, 0),
    CURVE_25519("x25519", Type.KEY_EXCHANGE, 31, 0),
    CURVE_448("x448", Type.KEY_EXCHANGE, 32, 0);

    /** AEAD ciphers are encryption transforms that need no integrity transform. */
    public enum Type { ENCRYPTION, AEAD, INTEGRITY, PRF, KEY_EXCHANGE }

    /** strongSwan spellings that mean the same transform. Weak ones are not offered (see WeakTransform). */
    private static final Map<String, String> ALIASES = Map.of("curve25519", "x25519", "curve448", "x448");
    private static final Map<String, Transform> BY_KEYWORD =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Transform::keyword, Function.identity()));

    private final String keyword;
    private final Type type;
    private final int ianaId;
    private final int keyBits;

    Transform(String keyword, Type type, int ianaId, int keyBits) {
        this.keyword = keyword;
        this.type = type;
        this.ianaId = ianaId;
        this.keyBits = keyBits;
    }

    public static Optional<Transform> byKeyword(String keyword) {
        String k = keyword.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(BY_KEYWORD.get(ALIASES.getOrDefault(k, k)));
    }

    public String keyword() {
        return keyword;
    }

    public Type type() {
        return type;
    }

    /** Transform id in its IANA IKEv2 registry (type 1, 2, 3 or 4 by {@link #type()}). */
    public int ianaId() {
        return ianaId;
    }

    /** Key length for encryption transforms; 0 for the others. */
    public int keyBits() {
        return keyBits;
    }
}
