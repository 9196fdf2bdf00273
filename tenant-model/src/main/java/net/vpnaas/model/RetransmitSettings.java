package net.vpnaas.model;

/**
 * How the gateway resends an IKE request that got no response (RFC 7296 2.1): after
 * {@code timeoutMillis}, then each wait {@code backoffPercent} of the one before, until the request
 * was sent {@code tries} times in all (the first send included); then the peer counts as gone. The
 * defaults are strongSwan's: 4 s, 1.8 times, 6 sends (its retransmit_tries 5 plus the first).
 */
public record RetransmitSettings(Integer timeoutMillis, Integer backoffPercent, Integer tries) {
    public static final RetransmitSettings DEFAULT = new RetransmitSettings(4_000, 180, 6);
    /** The waits of all tries together: beyond this a gateway would sit on a dead peer for hours. */
    static final long MAX_TOTAL_MILLIS = 3_600_000;

    RetransmitSettings withDefaults() {
        return new RetransmitSettings(
                timeoutMillis == null ? DEFAULT.timeoutMillis : timeoutMillis,
                backoffPercent == null ? DEFAULT.backoffPercent : backoffPercent,
                tries == null ? DEFAULT.tries : tries);
    }

    /** How long after the first send the last wait ends, for settings in range. */
    long totalMillis() {
        double total = 0;
        double wait = timeoutMillis;
        for (int i = 0; i < tries; i++) {
            total += wait;
            wait = wait * backoffPercent / 100;
        }
        return (long) total;
    }
}
