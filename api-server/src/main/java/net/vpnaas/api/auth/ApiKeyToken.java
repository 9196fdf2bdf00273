package net.vpnaas.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The bearer token of an API key: {@code vpk_<key id as 32 hex digits>_<secret>}, where the secret
 * is 256 random bits in base64url. The id makes lookup a primary-key read; only SHA-256 of the
 * secret is stored (a fast hash is enough for 256 bits of entropy).
 */
public record ApiKeyToken(UUID keyId, String secret) {
    private static final Pattern FORMAT = Pattern.compile("vpk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    public static ApiKeyToken generate(UUID keyId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new ApiKeyToken(keyId, Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    }

    /** Returns null unless the text has exactly the token format. */
    public static ApiKeyToken parse(String text) {
        var m = FORMAT.matcher(text);
        if (!m.matches()) {
            return null;
        }
        String hex = m.group(1);
        UUID id = new UUID(HexFormat.fromHexDigitsToLong(hex, 0, 16), HexFormat.fromHexDigitsToLong(hex, 16, 32));
        return new ApiKeyToken(id, m.group(2));
    }

    public String text() {
        return "vpk_" + keyId.toString().replace("-", "") + "_" + secret;
    }

    public byte[] secretHash() {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public boolean matches(byte[] storedHash) {
        return MessageDigest.isEqual(secretHash(), storedHash);
    }

    @Override
    public String toString() {
        return "ApiKeyToken[keyId=" + keyId + "]";
    }
}
