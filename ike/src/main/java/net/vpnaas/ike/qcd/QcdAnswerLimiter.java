package net.vpnaas.ike.qcd;

/**
 * A token bucket for the token maker's unprotected answers: at most {@code perSecond} a second on
 * average, as many at once. Thread-safe (transport threads call it).
 */
public final class QcdAnswerLimiter {
    private final int perSecond;
    private double available;
    private long last;

    public QcdAnswerLimiter(int perSecond, long nowNanos) {
        this.perSecond = perSecond;
        this.available = perSecond;
        this.last = nowNanos;
    }

    /** Whether one more answer may go now; if so it is counted. */
    public synchronized boolean take(long nowNanos) {
        available = Math.min(perSecond, available + (nowNanos - last) * perSecond / 1e9);
        last = nowNanos;
        if (available < 1) return false;
        available -= 1;
        return true;
    }
}
