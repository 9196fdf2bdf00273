package net.vpnaas.ike.engine;

import java.time.Duration;

/**
 * The responder's layered defences against floods of IKE_SA_INIT (RFC 8019), above the COOKIE
 * threshold of {@link EngineOptions}, and what our initiator accepts from a responder under attack.
 * Every limit counts half-open IKE SAs: created by an IKE_SA_INIT, not yet authenticated.
 *
 * @param puzzleThreshold       from this many, a COOKIE alone is not enough: IKE_SA_INIT must also solve a
 *                              PUZZLE (RFC 8019 section 7.1)
 * @param legacyHalfOpenLimit   initiators that do not solve puzzles (they return the COOKIE only) are
 *                              still admitted below this many, at lower priority than those that solve:
 *                              by chance (RFC 8019 section 7.1), always at the puzzle threshold, less
 *                              often the nearer the load comes to this limit
 * @param halfOpenLimit         never more than this many; what arrives beyond is dropped unanswered
 * @param perAddressLimit       at most this many from one address (IPv4 /32, IPv6 /64: one host's share)
 * @param perPrefixLimit        at most this many from one prefix (IPv4 /24, IPv6 /48: one site's share)
 * @param minDifficulty         the puzzle's difficulty (trailing zero bits) at the puzzle threshold
 * @param maxDifficulty         the most we ask for, however high the load
 * @param halfOpenPerBit        one more bit of difficulty per this many half-open IKE SAs above the threshold
 * @param acceptedDifficulty    as initiator: the hardest puzzle we solve; a responder asking more is refused
 * @param cookieSecretLifetime  the COOKIE secret changes this often; a cookie made with the one before is
 *                              still accepted (RFC 7296 section 2.6)
 * @param authFailureLimit      an address (IPv4 /32, IPv6 /64) whose IKE_AUTH requests failed this many times
 *                              in a row is shut out: its IKE_SA_INITs are dropped, its pending IKE_AUTHs not checked
 * @param authFailureForgiveness one failure of an address is forgiven per this time: a blocked address may try
 *                              again after about this long, a persistent one fails at most once per this time
 */
public record DefenceOptions(int puzzleThreshold, int legacyHalfOpenLimit, int halfOpenLimit, int perAddressLimit,
                             int perPrefixLimit, int minDifficulty, int maxDifficulty, int halfOpenPerBit,
                             int acceptedDifficulty, Duration cookieSecretLifetime, int authFailureLimit,
                             Duration authFailureForgiveness) {

    /**
     * Under puzzles, IKE_SA_INIT responses to initiators that solved a puzzle (and authenticate with signatures)
     * demand one for IKE_AUTH too (RFC 8019 7.2) for this long after an IKE_AUTH failed: an IKE_AUTH flood is on,
     * whose requests each cost a signature check. Without failures the second puzzle would only slow legitimate
     * initiators down.
     */
    static final java.time.Duration AUTH_PUZZLES_AFTER_FAILURE = java.time.Duration.ofSeconds(30);

    /** Addresses whose IKE_AUTH failures are remembered at most (least recently failed forgotten first). */
    static final int AUTH_FAILURE_SOURCES = 10_000;

    public static final DefenceOptions DEFAULT = new DefenceOptions(200, 1000, 2000, 50, 200, 8, 20, 100, 20, Duration.ofMinutes(5),
            5, Duration.ofSeconds(12));
    /**
     * No puzzles and no half-open limits (with {@code EngineOptions#cookieThreshold} at {@link Integer#MAX_VALUE},
     * no cookies either): for measuring the handshake alone, never for a gateway on the Internet.
     */
    public static final DefenceOptions NONE = new DefenceOptions(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, Integer.MAX_VALUE, 0, 0, 1, 20, Duration.ofMinutes(5), Integer.MAX_VALUE, Duration.ofSeconds(1));

    public DefenceOptions {
        if (puzzleThreshold < 0 || legacyHalfOpenLimit < puzzleThreshold || halfOpenLimit < legacyHalfOpenLimit) {
            throw new IllegalArgumentException("want 0 <= puzzleThreshold <= legacyHalfOpenLimit <= halfOpenLimit");
        }
        if (perAddressLimit < 1 || perPrefixLimit < perAddressLimit) throw new IllegalArgumentException("want 1 <= perAddressLimit <= perPrefixLimit");
        if (minDifficulty < 0 || maxDifficulty < minDifficulty || maxDifficulty > 255 || halfOpenPerBit < 1 || acceptedDifficulty < 0) {
            throw new IllegalArgumentException("want 0 <= minDifficulty <= maxDifficulty <= 255, halfOpenPerBit >= 1, acceptedDifficulty >= 0");
        }
        if (cookieSecretLifetime.isNegative() || cookieSecretLifetime.isZero()) throw new IllegalArgumentException("cookieSecretLifetime must be positive");
        if (authFailureLimit < 1 || authFailureForgiveness.isNegative() || authFailureForgiveness.isZero()) {
            throw new IllegalArgumentException("want authFailureLimit >= 1 and a positive authFailureForgiveness");
        }
    }

    /** The puzzle difficulty for {@code halfOpen} half-open IKE SAs, at or above the puzzle threshold. */
    int difficulty(int halfOpen) {
        long above = Math.max(0, halfOpen - puzzleThreshold);
        return (int) Math.min(maxDifficulty, minDifficulty + above / halfOpenPerBit);
    }

    public DefenceOptions withAcceptedDifficulty(int difficulty) {
        return new DefenceOptions(puzzleThreshold, legacyHalfOpenLimit, halfOpenLimit, perAddressLimit, perPrefixLimit,
                minDifficulty, maxDifficulty, halfOpenPerBit, difficulty, cookieSecretLifetime, authFailureLimit, authFailureForgiveness);
    }
}
