package net.vpnaas.dataplane.worker;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.esp.EspCipher;
import net.vpnaas.dataplane.esp.EspTrailer;
import net.vpnaas.dataplane.ip.PacketFields;
import net.vpnaas.dataplane.replay.ReplayWindow;
import net.vpnaas.dataplane.sad.ChildSa;
import net.vpnaas.dataplane.sad.Sad;
import net.vpnaas.dataplane.spd.Spd;

/**
 * Inbound ESP processing (RFC 4303 3.4) of one packet, without I/O: SPI lookup, replay check,
 * ICV verification and decryption, window update, trailer and next-header checks, selector
 * check. Every rejection is counted, never thrown. One instance per thread.
 */
public final class InboundProcessor {
    private final Sad sad;
    private final Spd spd;
    private final DataPathCounters counters;
    private final PacketFields fields = new PacketFields();

    public InboundProcessor(Sad sad, Spd spd, DataPathCounters counters) {
        this.sad = sad;
        this.spd = spd;
        this.counters = counters;
    }

    /**
     * @param esp    the ESP packet from index 0 (SPI first)
     * @param plain  receives the decrypted inner packet at index 0; at least {@code length} bytes
     * @return the length of the inner IP packet to deliver, or 0 when the packet was dropped
     */
    public int open(ByteBuffer esp, int length, ByteBuffer plain) {
        if (length < 8) {
            counters.truncated.increment();
            return 0;
        }
        ChildSa sa = sad.inbound(esp.getInt(0));
        if (sa == null || sa.isExpired()) {
            counters.unknownSpi.increment();
            return 0;
        }
        EspCipher cipher = sa.inboundCipher();
        if (length < 8 + cipher.ivLength() + cipher.alignment() + cipher.icvLength()) {
            sa.countMalformed();
            return 0;
        }
        ReplayWindow window = sa.replayWindow();
        long seq = window.check(esp.getInt(4));
        if (seq == ReplayWindow.REJECT) {
            sa.countReplayDrop();
            return 0;
        }
        int plainLength = cipher.open(seq, sa.esn(), esp, length, plain);
        if (plainLength < 0) {
            sa.countIntegrityFailure();
            return 0;
        }
        if (!window.accept(seq)) { // another worker accepted the same packet meanwhile
            sa.countReplayDrop();
            return 0;
        }
        int payloadLength = EspTrailer.payloadLength(plain, plainLength);
        if (payloadLength < 0) {
            sa.countMalformed();
            return 0;
        }
        int nextHeader = EspTrailer.nextHeader(plain, plainLength);
        if (nextHeader == EspTrailer.NEXT_HEADER_NONE) {
            sa.countDummy(); // traffic-flow-confidentiality dummy: dropped silently (RFC 4303 2.6)
            return 0;
        }
        int expectedVersion = nextHeader == EspTrailer.NEXT_HEADER_IPV4 ? 4 : nextHeader == EspTrailer.NEXT_HEADER_IPV6 ? 6 : -1;
        if (!fields.parse(plain, payloadLength) || fields.version != expectedVersion) {
            sa.countMalformed();
            return 0;
        }
        if (!spd.allowsInbound(sa.reqid(), fields)) {
            sa.countSelectorDrop();
            return 0;
        }
        sa.countInbound(fields.length);
        return fields.length;
    }
}
