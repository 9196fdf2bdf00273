package net.vpnaas.agent.cluster.address;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address with the prefix length it has on its interface, e.g. 192.0.2.10/24 or 2001:db8::10/64. */
public record InterfaceAddress(InetAddress address, int prefixLength) {
    public InterfaceAddress {
        int max = address instanceof Inet4Address ? 32 : 128;
        if (prefixLength < 1 || prefixLength > max) throw new IllegalArgumentException("prefix length " + prefixLength + " for " + address);
    }

    /** {@code 192.0.2.10/24}. */
    public static InterfaceAddress parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) throw new IllegalArgumentException("no prefix length in " + text);
        return new InterfaceAddress(InetAddress.ofLiteral(text.substring(0, slash)), Integer.parseInt(text.substring(slash + 1)));
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + prefixLength;
    }
}
