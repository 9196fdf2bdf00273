package net.vpnaas.api.support;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * Server-assigned ids: UUID version 7 (RFC 9562), a millisecond timestamp followed by random bits,
 * so ids sort in creation order and keyset pagination by id lists oldest first.
 */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static UUID newId() {
        long millis = System.currentTimeMillis();
        long msb = (millis << 16) | 0x7000L | (RANDOM.nextInt() & 0x0FFFL);
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }
}
