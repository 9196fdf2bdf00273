package net.vpnaas.ike.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.vpnaas.ike.message.TrafficSelector;

/** An IPv4 or IPv6 prefix in CIDR notation as a traffic selector (any protocol, any port). */
final class Cidr {

    private Cidr() {}

    static TrafficSelector.AddressRange selector(String cidr) {
        String[] parts = cidr.split("/");
        byte[] start = InetAddress.ofLiteral(parts[0]).getAddress();
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : start.length * 8;
        byte[] end = start.clone();
        for (int i = bits; i < start.length * 8; i++) {
            int mask = 1 << (7 - i % 8);
            start[i / 8] &= (byte) ~mask;
            end[i / 8] |= (byte) mask;
        }
        try {
            return TrafficSelector.AddressRange.of(InetAddress.getByAddress(start), InetAddress.getByAddress(end), 0, 0, 65535);
        } catch (UnknownHostException e) {
            throw new AssertionError("lengths come from a parsed address", e);
        }
    }
}
