package net.vpnaas.model.net;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An inclusive range of IPv4 or IPv6 addresses: what an IKEv2 traffic selector carries on the
 * wire. Written either as a CIDR prefix ({@code 10.1.0.0/16}, {@code 2001:db8::/48}) or as an
 * explicit range ({@code 10.1.0.10-10.1.0.20}).
 *
 * @param bits 32 for IPv4, 128 for IPv6
 */
public record AddressRange(int bits, BigInteger first, BigInteger last) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    public AddressRange {
        if (bits != 32 && bits != 128) {
            throw new IllegalArgumentException("bits must be 32 or 128");
        }
        if (first.compareTo(last) > 0) {
            throw new IllegalArgumentException("first address is after the last");
        }
    }

    /** Parses a CIDR prefix or an explicit {@code start-end} range; the message says what is wrong. */
    public static AddressRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("must be a CIDR prefix or an address range");
        }
        if (isRangeNotation(text)) {
            int dash = text.indexOf('-');
            InetAddress start = parseAddress(text.substring(0, dash));
            InetAddress end = parseAddress(text.substring(dash + 1));
            if (start.getClass() != end.getClass()) {
                throw new IllegalArgumentException("range mixes IPv4 and IPv6");
            }
            BigInteger a = toInteger(start);
            BigInteger b = toInteger(end);
            if (a.compareTo(b) > 0) {
                throw new IllegalArgumentException("range is inverted: start is after end");
            }
            return new AddressRange(bitsOf(start), a, b);
        }
        Prefix prefix = Prefix.parse(text);
        return prefix.range();
    }

    /** Whether {@code text} is written as {@code start-end} rather than as a CIDR prefix. */
    public static boolean isRangeNotation(String text) {
        return text.indexOf('-') >= 0 && text.indexOf('/') < 0;
    }

    /**
     * Parses an IP address literal only: never a host name, so validation never touches DNS.
     * IPv4 must be a plain dotted quad; IPv6 scope ids are refused.
     */
    public static InetAddress parseAddress(String text) {
        String s = text.strip();
        if (!s.equals(text) || s.isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' is not an IP address");
        }
        if (s.indexOf('%') >= 0) {
            throw new IllegalArgumentException("'" + s + "': IPv6 scope ids are not allowed");
        }
        try {
            if (s.indexOf(':') >= 0) {
                InetAddress a = Inet6Address.ofLiteral(s);
                if (a instanceof Inet4Address) {
                    throw new IllegalArgumentException("'" + s + "' is an IPv4-mapped address; write it as IPv4");
                }
                return a;
            }
            if (!DOTTED_QUAD.matcher(s).matches()) {
                throw new IllegalArgumentException("'" + s + "' is not an IP address");
            }
            return Inet4Address.ofLiteral(s);
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("'")) {
                throw e;
            }
            throw new IllegalArgumentException("'" + s + "' is not an IP address");
        }
    }

    static BigInteger toInteger(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    static int bitsOf(InetAddress address) {
        return address.getAddress().length * 8;
    }

    /**
     * The fewest CIDR prefixes whose union is exactly this range, in address order: one for a range
     * that is a prefix, e.g. {@code 10.3.0.10-10.3.0.20} is {@code 10.3.0.10/31, 10.3.0.12/30,
     * 10.3.0.16/30, 10.3.0.20/32}. Routes cover a range with these.
     */
    public List<Prefix> prefixes() {
        List<Prefix> out = new ArrayList<>();
        BigInteger next = first;
        while (next.compareTo(last) <= 0) {
            // the largest block aligned at next that ends within the range
            int hostBits = next.signum() == 0 ? bits : Math.min(next.getLowestSetBit(), bits);
            while (next.add(BigInteger.ONE.shiftLeft(hostBits)).subtract(BigInteger.ONE).compareTo(last) > 0) hostBits--;
            out.add(new Prefix(toAddress(next), bits - hostBits));
            next = next.add(BigInteger.ONE.shiftLeft(hostBits));
        }
        return out;
    }

    /** CIDR notation for a range that is one prefix ({@code 10.1.0.0/16}), else {@code first-last}. */
    @Override
    public String toString() {
        List<Prefix> prefixes = prefixes();
        return prefixes.size() == 1 ? prefixes.getFirst().toString()
                : firstAddress().getHostAddress() + "-" + lastAddress().getHostAddress();
    }

    public InetAddress firstAddress() {
        return toAddress(first);
    }

    public InetAddress lastAddress() {
        return toAddress(last);
    }

    private InetAddress toAddress(BigInteger value) {
        byte[] wide = value.toByteArray(); // big-endian, maybe with a leading sign byte or shorter than the address
        byte[] address = new byte[bits / 8];
        int n = Math.min(wide.length, address.length);
        System.arraycopy(wide, wide.length - n, address, address.length - n, n);
        try {
            return InetAddress.getByAddress(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: 4 or 16 bytes
        }
    }

    public boolean contains(InetAddress address) {
        BigInteger value = toInteger(address);
        return bitsOf(address) == bits && first.compareTo(value) <= 0 && value.compareTo(last) <= 0;
    }

    public boolean overlaps(AddressRange other) {
        return bits == other.bits && first.compareTo(other.last) <= 0 && other.first.compareTo(last) <= 0;
    }

    public boolean isIpv4() {
        return bits == 32;
    }
}
