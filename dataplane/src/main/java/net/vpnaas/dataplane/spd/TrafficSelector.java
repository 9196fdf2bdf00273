package net.vpnaas.dataplane.spd;

import java.math.BigInteger;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * An address range with an IP protocol and port range, as in a TS payload (RFC 7296 3.13.1).
 * {@code ipProtocol} 0 means any protocol; {@code 0..65535} means any port.
 */
public record TrafficSelector(InetAddress start, InetAddress end, int ipProtocol, int startPort, int endPort) {

    public TrafficSelector {
        if ((start instanceof Inet4Address) != (end instanceof Inet4Address)) {
            throw new IllegalArgumentException("selector mixes IPv4 and IPv6: " + start + " - " + end);
        }
        if (new BigInteger(1, start.getAddress()).compareTo(new BigInteger(1, end.getAddress())) > 0) {
            throw new IllegalArgumentException("selector start after end: " + start + " - " + end);
        }
        if (ipProtocol < 0 || ipProtocol > 255 || startPort < 0 || endPort > 65535 || startPort > endPort) {
            throw new IllegalArgumentException("bad protocol or port range");
        }
    }

    /** All traffic of a CIDR prefix, e.g. {@code 10.1.0.0/24}. */
    public static TrafficSelector ofCidr(String cidr) {
        String[] parts = cidr.split("/");
        try {
            InetAddress base = InetAddress.getByName(parts[0]);
            byte[] bytes = base.getAddress();
            int prefix = parts.length > 1 ? Integer.parseInt(parts[1]) : bytes.length * 8;
            if (prefix < 0 || prefix > bytes.length * 8) throw new IllegalArgumentException("bad prefix in " + cidr);
            byte[] first = bytes.clone();
            byte[] last = bytes.clone();
            for (int bit = prefix; bit < bytes.length * 8; bit++) {
                first[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
                last[bit / 8] |= (byte) (0x80 >>> (bit % 8));
            }
            return new TrafficSelector(InetAddress.getByAddress(first), InetAddress.getByAddress(last), 0, 0, 65535);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("bad address in " + cidr, e);
        }
    }

    public int version() {
        return start instanceof Inet4Address ? 4 : 6;
    }
}
