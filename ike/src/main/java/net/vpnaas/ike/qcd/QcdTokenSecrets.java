package net.vpnaas.ike.qcd;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.vpnaas.ike.message.Bytes;

/**
 * The secrets a token maker (RFC 6290) makes its QUICK_CRASH_DETECTION tokens from, by version: the
 * current one and the previous ones still kept. Every member of a cluster holds the same, so any member
 * (or the same gateway after a restart with empty state) makes the token the peer was given for an IKE
 * SA, from nothing but that SA's SPIs.
 *
 * <p>TOKEN = first 16 octets of HMAC-SHA-256(secret of version v, SPIi | SPIr). The version is not in
 * the token but in the top octet of the token maker's own IKE SPI ({@link #stamp}): a member that knows
 * nothing about an IKE SA still knows from its SPI which secret made its token, so a rotation never
 * breaks the tokens of IKE SAs set up before it, as long as their version is kept. 16 octets are the
 * shortest token RFC 6290 allows; the answer to a stranger's packet stays as small as it can be.
 */
public final class QcdTokenSecrets {
    /** RFC 6290 3.1: a token has 16 to 128 octets. */
    public static final int TOKEN_LENGTH = 16;
    private static final int MIN_SECRET_LENGTH = 16;

    private final int currentVersion;
    private final Map<Integer, byte[]> byVersion;

    /**
     * @param currentVersion the version new IKE SAs take (0-255)
     * @param byVersion      every secret kept, the current one included, each at least 16 octets
     */
    public QcdTokenSecrets(int currentVersion, Map<Integer, byte[]> byVersion) {
        if (currentVersion < 0 || currentVersion > 255) throw new IllegalArgumentException("a token secret version is 0-255");
        if (!byVersion.containsKey(currentVersion)) throw new IllegalArgumentException("no secret of the current version " + currentVersion);
        Map<Integer, byte[]> copy = new LinkedHashMap<>();
        byVersion.forEach((v, s) -> {
            if (v < 0 || v > 255) throw new IllegalArgumentException("a token secret version is 0-255, not " + v);
            if (s.length < MIN_SECRET_LENGTH) throw new IllegalArgumentException("a token secret has at least 16 octets");
            copy.put(v, s.clone());
        });
        this.currentVersion = currentVersion;
        this.byVersion = copy;
    }

    public static QcdTokenSecrets of(int version, byte[] secret) {
        return new QcdTokenSecrets(version, Map.of(version, secret));
    }

    /** A new current secret; the previous ones stay for the tokens already given out (drop them with {@link #without}). */
    public QcdTokenSecrets rotatedTo(int version, byte[] secret) {
        if (byVersion.containsKey(version)) throw new IllegalArgumentException("version " + version + " is already kept");
        Map<Integer, byte[]> next = new LinkedHashMap<>(byVersion);
        next.put(version, secret);
        return new QcdTokenSecrets(version, next);
    }

    /** The same without {@code version}'s secret: once no IKE SA of it can be left. */
    public QcdTokenSecrets without(int version) {
        if (version == currentVersion) throw new IllegalArgumentException("the current version stays");
        Map<Integer, byte[]> next = new LinkedHashMap<>(byVersion);
        next.remove(version);
        return new QcdTokenSecrets(currentVersion, next);
    }

    public int currentVersion() {
        return currentVersion;
    }

    /** {@code randomSpi} with the current version in its top octet: our own IKE SPI. */
    public long stamp(long randomSpi) {
        return (randomSpi & 0x00ff_ffff_ffff_ffffL) | ((long) currentVersion << 56);
    }

    /**
     * The token of the IKE SA (SPIi, SPIr) whose SPI of ours is {@code ourSpi}; empty when the secret
     * of its version is not kept (any more), or was never ours.
     */
    public Optional<Bytes> token(long spiI, long spiR, long ourSpi) {
        byte[] secret = byVersion.get((int) (ourSpi >>> 56));
        if (secret == null) return Optional.empty();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] full = mac.doFinal(ByteBuffer.allocate(16).putLong(spiI).putLong(spiR).array());
            return Optional.of(Bytes.wrap(Arrays.copyOf(full, TOKEN_LENGTH)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is part of every JDK", e);
        }
    }

    @Override
    public String toString() {
        return "QcdTokenSecrets[current " + currentVersion + ", kept " + byVersion.keySet() + "]";
    }
}
