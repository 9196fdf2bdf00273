package net.vpnaas.dataplane.worker;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.esp.EspCipher;
import net.vpnaas.dataplane.esp.EspTrailer;
import net.vpnaas.dataplane.ip.PacketFields;
import net.vpnaas.dataplane.ip.PacketTooBig;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.Sad;
import net.vpnaas.dataplane.spd.Spd;

/**
 * Outbound ESP processing (RFC 4303 3.3) of one inner packet, without I/O: policy lookup, SA
 * choice, tunnel MTU check, sequence number, trailer, encryption. One instance per thread.
 */
public final class OutboundProcessor {
    /** The packet was dropped (and counted). */
    public static final int DROPPED = 0;
    /** The packet is too big for the tunnel: an ICMP answer for its sender is in the ICMP buffer. */
    public static final int TOO_BIG = -1;
    /** No policy matched and the configured action is to pass the packet on in the clear. */
    public static final int BYPASS = -2;

    private final Sad sad;
    private final Spd spd;
    private final DataPathCounters counters;
    private final boolean bypassUnmatched;
    private final PacketFields fields = new PacketFields();
    private ChildSa lastSa;
    private int icmpLength;

    public OutboundProcessor(Sad sad, Spd spd, DataPathCounters counters, boolean bypassUnmatched) {
        this.sad = sad;
        this.spd = spd;
        this.counters = counters;
        this.bypassUnmatched = bypassUnmatched;
    }

    /**
     * @param inner the inner packet at index 0; needs room for the ESP trailer after it
     * @param esp   receives the whole ESP packet at index 0
     * @param icmp  receives the ICMP answer when the result is {@link #TOO_BIG}
     * @return the ESP packet length (send it along {@link #lastSa()}'s route), or one of
     *         {@link #DROPPED}, {@link #TOO_BIG}, {@link #BYPASS}
     */
    public int seal(ByteBuffer inner, int length, ByteBuffer esp, ByteBuffer icmp) {
        if (!fields.parse(inner, length)) {
            counters.malformedOutbound.increment();
            return DROPPED;
        }
        int reqid = spd.lookupOutbound(fields);
        if (reqid == Spd.NO_MATCH) {
            if (bypassUnmatched) {
                counters.bypassed.increment();
                return BYPASS;
            }
            counters.noPolicy.increment();
            return DROPPED;
        }
        ChildSa sa = sad.outbound(reqid);
        if (sa == null) {
            counters.noSa.increment();
            return DROPPED;
        }
        int innerLength = fields.length;
        int mtu = sa.innerMtu();
        if (innerLength > mtu && fields.dontFragment) {
            counters.tooBig.increment();
            icmpLength = PacketTooBig.build(inner, innerLength, mtu, icmp);
            return icmpLength > 0 ? TOO_BIG : DROPPED;
        }
        long seq = sa.nextSequence();
        if (seq < 0) {
            counters.noSa.increment();
            return DROPPED;
        }
        EspCipher cipher = sa.outboundCipher();
        int nextHeader = fields.version == 4 ? EspTrailer.NEXT_HEADER_IPV4 : EspTrailer.NEXT_HEADER_IPV6;
        int plainLength = EspTrailer.append(inner, innerLength, nextHeader, cipher.alignment());
        esp.putInt(0, sa.outboundSpi());
        esp.putInt(4, (int) seq);
        int espLength = cipher.seal(seq, sa.esn(), inner.slice(0, plainLength), esp);
        sa.countOutbound(innerLength);
        lastSa = sa;
        return espLength;
    }

    /** The SA that sealed the last packet. */
    public ChildSa lastSa() {
        return lastSa;
    }

    /** Length of the ICMP answer after {@link #TOO_BIG}. */
    public int icmpLength() {
        return icmpLength;
    }

    /** Length of the packet to bypass after {@link #BYPASS}. */
    public int innerLength() {
        return fields.length;
    }
}
