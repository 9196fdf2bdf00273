package net.vpnaas.model.net;

import java.math.BigInteger;
import java.net.InetAddress;

/** A CIDR prefix with its host bits zero, e.g. {@code 192.0.2.0/24} or {@code 2001:db8::/32}. */
public record Prefix(InetAddress network, int length) {

    public static Prefix parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("must be a CIDR prefix");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a CIDR prefix (address/length)");
        }
        InetAddress address = AddressRange.parseAddress(text.substring(0, slash));
        int bits = AddressRange.bitsOf(address);
        String lengthText = text.substring(slash + 1);
        int length;
        if (!lengthText.matches("0|[1-9][0-9]{0,2}") || (length = Integer.parseInt(lengthText)) > bits) {
            throw new IllegalArgumentException("prefix length must be 0-" + bits);
        }
        BigInteger value = AddressRange.toInteger(address);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
        if (!value.and(hostMask).equals(BigInteger.ZERO)) {
            throw new IllegalArgumentException("'" + text + "' has host bits set");
        }
        return new Prefix(address, length);
    }

    public int bits() {
        return AddressRange.bitsOf(network);
    }

    public boolean isIpv4() {
        return bits() == 32;
    }

    public AddressRange range() {
        BigInteger first = AddressRange.toInteger(network);
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits() - length).subtract(BigInteger.ONE);
        return new AddressRange(bits(), first, first.or(hostMask));
    }

    /** CIDR notation, e.g. {@code 10.1.0.0/16} or {@code 2001:db8:0:0:0:0:0:0/48}. */
    @Override
    public String toString() {
        return network.getHostAddress() + "/" + length;
    }
}
