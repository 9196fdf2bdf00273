package net.vpnaas.ike.exchange;

import java.time.Duration;

/**
 * When to resend a request that got no response (RFC 7296 2.1): after {@code initial}, then each
 * wait {@code multiplier} times the previous, giving up after {@code tries} sends in total.
 * strongSwan's defaults are 4 s, 1.8 and 6 sends.
 */
public record RetransmitPolicy(Duration initial, double multiplier, int tries) {
    public static final RetransmitPolicy DEFAULT = new RetransmitPolicy(Duration.ofSeconds(4), 1.8, 6);

    public RetransmitPolicy {
        if (tries < 1 || multiplier < 1.0 || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("bad retransmit policy");
        }
    }

    /** Wait after send number {@code sendIndex} (0 = the first send). */
    public Duration timeoutAfter(int sendIndex) {
        return Duration.ofNanos((long) (initial.toNanos() * Math.pow(multiplier, sendIndex)));
    }

    /** From the first send until the last wait ends: how long a request is tried in all. */
    public Duration totalWait() {
        Duration total = Duration.ZERO;
        for (int i = 0; i < tries; i++) total = total.plus(timeoutAfter(i));
        return total;
    }
}
