package net.vpnaas.api.secret;

import java.security.SecureRandom;
import java.util.Base64;

/** Generates PSKs for peers created without one: 32 random bytes in base64url (256 bits). */
public final class PskGenerator {
    private static final SecureRandom RANDOM = new SecureRandom();

    private PskGenerator() {}

    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
