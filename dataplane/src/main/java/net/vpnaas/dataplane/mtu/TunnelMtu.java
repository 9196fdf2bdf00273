package net.vpnaas.dataplane.mtu;

/**
 * The outer path MTU of one SA. ICMP "Packet Too Big" reports can lower it, but never below the
 * protocol minimum (576 for IPv4 per RFC 791/1122, 1280 for IPv6 per RFC 8200): an attacker who
 * forges a tiny MTU must not make us split traffic into absurdly small packets. Never above the
 * configured MTU either, and a lowered value expires after ten minutes (RFC 1191 section 6.3) so
 * a path that grew back is used again.
 */
public final class TunnelMtu {
    public static final int IPV4_MINIMUM = 576;
    public static final int IPV6_MINIMUM = 1280;
    private static final long EXPIRY_NANOS = 600_000_000_000L;

    private final int minimum;
    private final int configured;
    private volatile int reported;
    private volatile long reportedAt;

    public TunnelMtu(boolean ipv6Outer, int configured) {
        this.minimum = ipv6Outer ? IPV6_MINIMUM : IPV4_MINIMUM;
        if (configured < minimum) throw new IllegalArgumentException("MTU " + configured + " below protocol minimum " + minimum);
        this.configured = configured;
        this.reported = configured;
    }

    /** A Packet Too Big for this path announced {@code mtu}; returns the path MTU now in use. */
    public int onPacketTooBig(int mtu) {
        int clamped = Math.max(minimum, Math.min(configured, mtu));
        reportedAt = System.nanoTime();
        reported = clamped;
        return clamped;
    }

    public int pathMtu() {
        int value = reported;
        if (value != configured && System.nanoTime() - reportedAt > EXPIRY_NANOS) {
            reported = configured;
            return configured;
        }
        return value;
    }

    /**
     * The largest inner packet that fits: path MTU minus the outer headers and ESP overhead,
     * rounded down so that payload plus trailer stays within the cipher's alignment.
     */
    public int innerMtu(int outerHeaders, int ivLength, int icvLength, int alignment) {
        int ciphertext = pathMtu() - outerHeaders - 8 - ivLength - icvLength;
        return ciphertext / alignment * alignment - 2;
    }
}
