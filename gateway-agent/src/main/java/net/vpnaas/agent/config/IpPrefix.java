package net.vpnaas.agent.config;

import java.net.InetAddress;

/** An address prefix in CIDR notation ({@code 10.1.0.0/24}, {@code fd00:1::/64}); host bits are zero. */
public record IpPrefix(InetAddress address, int length) {

    public IpPrefix {
        int max = address.getAddress().length * 8;
        if (length < 0 || length > max) throw new IllegalArgumentException("prefix length must be 0.." + max);
        if (!hostBitsZero(address.getAddress(), length)) {
            throw new IllegalArgumentException("has host bits set");
        }
    }

    /**
     * Parses CIDR notation; a bare address means a single host (/32 or /128). Only literals are
     * accepted, never names, so parsing cannot trigger a DNS lookup.
     */
    public static IpPrefix parse(String cidr) {
        int slash = cidr.indexOf('/');
        String addr = slash < 0 ? cidr : cidr.substring(0, slash);
        InetAddress a = parseAddress(addr);
        int max = a.getAddress().length * 8;
        int len;
        if (slash < 0) {
            len = max;
        } else {
            try {
                len = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad prefix length in '" + cidr + "'");
            }
        }
        try {
            return new IpPrefix(a, len);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + cidr + "' " + e.getMessage());
        }
    }

    /** An IPv4 or IPv6 literal; host names are rejected. */
    public static InetAddress parseAddress(String literal) {
        try {
            return InetAddress.ofLiteral(literal);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + literal + "' is not an IPv4 or IPv6 address");
        }
    }

    /** The highest address of the prefix (all host bits set), e.g. the end of a traffic selector range. */
    public InetAddress lastAddress() {
        byte[] a = address.getAddress();
        for (int bit = length; bit < a.length * 8; bit++) a[bit / 8] |= (byte) (0x80 >>> (bit % 8));
        try {
            return InetAddress.getByAddress(a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    /** True if the two prefixes share an address (one contains the other). */
    public boolean overlaps(IpPrefix other) {
        if (ipv6() != other.ipv6()) return false;
        int shorter = Math.min(length, other.length);
        byte[] a = address.getAddress();
        byte[] b = other.address.getAddress();
        for (int bit = 0; bit < shorter; bit++) {
            int mask = 0x80 >>> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
        }
        return true;
    }

    public boolean ipv6() {
        return address.getAddress().length == 16;
    }

    private static boolean hostBitsZero(byte[] a, int length) {
        for (int bit = length; bit < a.length * 8; bit++) {
            if ((a[bit / 8] & (0x80 >>> (bit % 8))) != 0) return false;
        }
        return true;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
