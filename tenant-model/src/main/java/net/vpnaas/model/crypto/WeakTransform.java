package net.vpnaas.model.crypto;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Transforms that strongSwan's proposal syntax names (its keywords, aliases included) and that we
 * refuse as weak, so a tenant who pastes an old proposal learns why it is refused instead of
 * reading "unknown". Following RFC 8221 (ESP) and RFC 8247 (IKEv2), tightened as a managed service
 * may: nothing with SHA-1 or MD5, no MODP group below 2048 bits nor one of RFC 5114's groups, no
 * 64-bit block cipher, no DES, no truncated ICV, nothing without encryption. Names strongSwan
 * knows that are neither supported nor weak (aes192, camellia, serpent, ...) stay "unknown".
 */
public enum WeakTransform {
    NULL_ENCRYPTION(Kind.ENCRYPTION, "it does not encrypt", "null"),
    GMAC(Kind.ENCRYPTION, "AES-GMAC authenticates but does not encrypt", "aes128gmac", "aes192gmac", "aes256gmac"),
    DES(Kind.ENCRYPTION, "DES has a 56-bit key", "des"),
    TRIPLE_DES(Kind.ENCRYPTION, "3DES has a 64-bit block (Sweet32)", "3des"),
    SMALL_BLOCK(Kind.ENCRYPTION, "it has a 64-bit block (Sweet32)",
            "blowfish", "blowfish128", "blowfish192", "blowfish256", "cast128"),
    AEAD_64_BIT_ICV(Kind.ENCRYPTION, "its ICV is truncated to 64 bits", aeadTokens("8", "64")),
    AEAD_96_BIT_ICV(Kind.ENCRYPTION, "its ICV is truncated to 96 bits", aeadTokens("12", "96")),
    MD5(Kind.INTEGRITY, "MD5 is broken", "md5", "md5_128"),
    SHA1(Kind.INTEGRITY, "SHA-1 is deprecated", "sha", "sha1", "sha1_160"),
    SHA256_96(Kind.INTEGRITY, "its ICV is truncated to 96 bits", "sha256_96", "sha2_256_96"),
    PRF_MD5(Kind.PRF, "MD5 is broken", "prfmd5"),
    PRF_SHA1(Kind.PRF, "SHA-1 is deprecated", "prfsha1"),
    SMALL_MODP(Kind.KEY_EXCHANGE, "MODP groups below 2048 bits are too small", "modp768", "modp1024", "modp1536"),
    RFC5114_MODP(Kind.KEY_EXCHANGE, "RFC 5114 groups have unexplained parameters (RFC 8247: SHOULD NOT)",
            "modp1024s160", "modp2048s224", "modp2048s256"),
    ECP_192(Kind.KEY_EXCHANGE, "a 192-bit curve is too small", "ecp192");

    /** Which transform type a weak keyword would have been, to suggest the supported ones of that type. */
    public enum Kind { ENCRYPTION, INTEGRITY, PRF, KEY_EXCHANGE }

    private static final Map<String, WeakTransform> BY_TOKEN = Arrays.stream(values())
            .flatMap(w -> w.tokens.stream().map(t -> Map.entry(t, w)))
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private final Kind kind;
    private final String reason;
    private final List<String> tokens;

    WeakTransform(Kind kind, String reason, String... tokens) {
        this.kind = kind;
        this.reason = reason;
        this.tokens = List.of(tokens);
    }

    public static Optional<WeakTransform> byToken(String token) {
        return Optional.ofNullable(BY_TOKEN.get(token));
    }

    /** What a tenant reads, e.g. {@code 'sha1' is refused as weak (SHA-1 is deprecated)}. */
    public String refusal(String token) {
        return "'" + token + "' is refused as weak (" + reason + ")";
    }

    public Kind kind() { return kind; }
    public String reason() { return reason; }
    public List<String> tokens() { return tokens; }

    /** strongSwan's AES-GCM and AES-CCM keywords for one ICV length, e.g. aes128gcm8 and aes128gcm64. */
    private static String[] aeadTokens(String icvOctets, String icvBits) {
        return Stream.of("128", "192", "256")
                .flatMap(key -> Stream.of("gcm", "ccm").flatMap(mode -> Stream.of(icvOctets, icvBits)
                        .map(icv -> "aes" + key + mode + icv)))
                .toArray(String[]::new);
    }
}
