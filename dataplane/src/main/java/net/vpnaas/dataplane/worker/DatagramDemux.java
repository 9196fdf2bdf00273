package net.vpnaas.dataplane.worker;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.sys.Libc;

/**
 * What a received datagram is (RFC 3948 2.2-2.3 for UDP 4500): a one-byte 0xFF NAT keepalive,
 * an IKE message behind the 4-byte zero non-ESP marker, or ESP (whose SPI is never 0). On a raw
 * IPv4 socket the datagram starts with the IP header, which is skipped.
 */
public final class DatagramDemux {
    /** The whole of a NAT keepalive datagram (RFC 3948 2.3). */
    public static final byte NAT_KEEPALIVE = (byte) 0xFF;
    public static final int KEEPALIVE = -1;
    public static final int IKE = -2;
    public static final int TRUNCATED = -3;

    private DatagramDemux() {}

    /** The offset of the ESP packet in the datagram, or KEEPALIVE, IKE or TRUNCATED. */
    public static int classify(ByteBuffer datagram, int length, EspSocket.Kind kind, int family) {
        int offset = 0;
        if (kind == EspSocket.Kind.UDP) {
            if (length == 1 && datagram.get(0) == NAT_KEEPALIVE) return KEEPALIVE;
            if (length >= 4 && datagram.getInt(0) == 0) return IKE;
        } else if (family == Libc.AF_INET) {
            if (length < 20) return TRUNCATED;
            offset = (datagram.get(0) & 0x0F) * 4;
        }
        return length - offset < 8 ? TRUNCATED : offset;
    }
}
