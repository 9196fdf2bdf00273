package net.vpnaas.ike.engine;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import net.vpnaas.ike.crypto.RandomSource;
import net.vpnaas.ike.message.Bytes;

/**
 * The responder's COOKIE of RFC 7296 section 2.6, stateless to check:
 * {@code <VersionIDofSecret> | SHA-256(Ni | IPi | SPIi | <secret>)}, with a 4-octet version. The secret
 * changes now and then ({@link #rotate}); a cookie made with the secret before the current one is still
 * accepted, so that an initiator whose cookie crossed a change gets in, and one from two versions back
 * is not: a cookie collected once does not open the door for long.
 */
final class CookieSecrets {
    static final int SECRET_LENGTH = 32;
    static final int LENGTH = Integer.BYTES + 32;

    private record Secret(int version, byte[] key) {}

    /** Both in one field, so that a check racing a rotation sees a consistent pair. */
    private record Generations(Secret current, Secret previous) {}

    private final RandomSource random;
    private volatile Generations generations;

    CookieSecrets(RandomSource random) {
        this.random = random;
        Secret first = new Secret(0, random.bytes(SECRET_LENGTH));
        this.generations = new Generations(first, null);
    }

    synchronized void rotate() {
        Secret current = generations.current();
        generations = new Generations(new Secret(current.version() + 1, random.bytes(SECRET_LENGTH)), current);
    }

    int version() {
        return generations.current().version();
    }

    byte[] cookie(Bytes ni, InetAddress ipi, long spii) {
        Secret s = generations.current();
        return ByteBuffer.allocate(LENGTH).putInt(s.version()).put(hash(s, ni, ipi, spii)).array();
    }

    /** Whether {@code cookie} is ours, made with the current or the previous secret, for these Ni, IPi and SPIi. */
    boolean valid(Bytes cookie, Bytes ni, InetAddress ipi, long spii) {
        if (cookie.length() != LENGTH) return false;
        int version = cookie.asByteBuffer().getInt();
        Generations g = generations;
        Secret s = g.current().version() == version ? g.current()
                : g.previous() != null && g.previous().version() == version ? g.previous() : null;
        return s != null && MessageDigest.isEqual(cookie.slice(Integer.BYTES, LENGTH - Integer.BYTES).toByteArray(), hash(s, ni, ipi, spii));
    }

    private static byte[] hash(Secret s, Bytes ni, InetAddress ipi, long spii) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(ni.asByteBuffer());
            md.update(ipi.getAddress());
            md.update(ByteBuffer.allocate(Long.BYTES).putLong(spii).flip());
            md.update(s.key());
            return md.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
