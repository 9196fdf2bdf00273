package net.vpnaas.dataplane.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;
import org.junit.jupiter.api.Test;

/** Userspace GRO: what TcpSegmenter splits, TcpCoalescer must merge back into an equivalent TSO packet. */
class TcpCoalescerTest {
    private static final int IP = 20;
    private static final int TCP = 32;

    /** A TCP/IPv4 super-packet: ACK only, given payload, sequence 1000. */
    private static ByteBuffer superPacket(int payload, int flags) {
        ByteBuffer b = ByteBuffer.allocate(IP + TCP + payload);
        b.put(0, (byte) 0x45);
        b.putShort(2, (short) b.capacity());
        b.putShort(6, (short) 0x4000);
        b.put(8, (byte) 64);
        b.put(9, (byte) 6);
        b.putInt(12, 0x0A010001);
        b.putInt(16, 0x0A020001);
        b.putShort(IP, (short) 40000);
        b.putShort(IP + 2, (short) 5201);
        b.putInt(IP + 4, 1000);
        b.putInt(IP + 8, 555);
        b.put(IP + 12, (byte) ((TCP / 4) << 4));
        b.put(IP + 13, (byte) flags);
        b.putInt(IP + 24, 0x01010a0a); // NOP NOP timestamp-ish option bytes, identical in all segments
        for (int i = 0; i < payload; i++) b.put(IP + TCP + i, (byte) (i * 13));
        return b;
    }

    @Test
    void segmentsOfOneFlowMergeIntoOneTsoPacketWithPartialChecksum() {
        ByteBuffer original = superPacket(4000, 0x18); // ACK PSH
        TcpSegmenter segmenter = new TcpSegmenter();
        assertThat(segmenter.start(original, original.capacity(), 1300)).isTrue();
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        TcpCoalescer coalescer = new TcpCoalescer(buf);
        ByteBuffer segment = ByteBuffer.allocate(2048);
        int count = 0;
        for (int n; (n = segmenter.next(segment)) > 0; count++) assertThat(coalescer.offer(segment, n)).isTrue();
        assertThat(count).isEqualTo(4);
        int written = coalescer.finish();
        assertThat(written).isEqualTo(VirtioNetHeader.LENGTH + original.capacity());
        assertThat(VirtioNetHeader.flags(buf)).isEqualTo(VirtioNetHeader.FLAG_NEEDS_CSUM);
        assertThat(VirtioNetHeader.gsoType(buf)).isEqualTo(VirtioNetHeader.GSO_TCPV4);
        assertThat(VirtioNetHeader.gsoSize(buf)).isEqualTo(1300);
        assertThat(VirtioNetHeader.csumStart(buf)).isEqualTo(IP);
        assertThat(VirtioNetHeader.csumOffset(buf)).isEqualTo(16);
        ByteBuffer merged = buf.slice(VirtioNetHeader.LENGTH, original.capacity());
        assertThat(Checksum.finish(Checksum.add(0, merged, 0, 20))).as("IPv4 header checksum").isZero();
        assertThat(merged.getShort(2) & 0xFFFF).isEqualTo(original.capacity());
        assertThat(merged.get(IP + 13)).as("PSH of the last segment kept").isEqualTo((byte) 0x18);
        assertThat(merged.slice(IP + TCP, 4000)).isEqualTo(original.slice(IP + TCP, 4000));
        // Completing the partial checksum as the kernel would yields a valid TCP checksum.
        VirtioNetHeader.completeChecksum(merged, merged.capacity(), IP, 16);
        long sum = Checksum.add(0, merged, 12, 8) + 6 + (merged.capacity() - IP);
        assertThat(Checksum.finish(Checksum.add(sum, merged, IP, merged.capacity() - IP))).isZero();
    }

    @Test
    void gapsOtherFlowsAndControlSegmentsAreNotMerged() {
        ByteBuffer first = superPacket(1000, 0x10);
        TcpCoalescer coalescer = new TcpCoalescer(ByteBuffer.allocate(70_000));
        assertThat(coalescer.offer(first, first.capacity())).isTrue();

        ByteBuffer gap = superPacket(1000, 0x10);
        gap.putInt(IP + 4, 1000 + 2000); // not contiguous
        assertThat(coalescer.offer(gap, gap.capacity())).isFalse();

        ByteBuffer otherPort = superPacket(1000, 0x10);
        otherPort.putInt(IP + 4, 2000);
        otherPort.putShort(IP, (short) 40001);
        assertThat(coalescer.offer(otherPort, otherPort.capacity())).isFalse();

        ByteBuffer otherAck = superPacket(1000, 0x10);
        otherAck.putInt(IP + 4, 2000);
        otherAck.putInt(IP + 8, 556);
        assertThat(coalescer.offer(otherAck, otherAck.capacity())).isFalse();

        ByteBuffer fin = superPacket(1000, 0x11);
        fin.putInt(IP + 4, 2000);
        assertThat(coalescer.offer(fin, fin.capacity())).isFalse();

        ByteBuffer next = superPacket(1000, 0x10);
        next.putInt(IP + 4, 2000);
        assertThat(coalescer.offer(next, next.capacity())).isTrue();
        ByteBuffer bigger = superPacket(1100, 0x10);
        bigger.putInt(IP + 4, 3000);
        assertThat(coalescer.offer(bigger, bigger.capacity())).as("larger than the first segment").isFalse();
    }

    @Test
    void aSingleSegmentIsWrittenAsIs() {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        TcpCoalescer coalescer = new TcpCoalescer(buf);
        ByteBuffer one = superPacket(500, 0x10);
        assertThat(coalescer.offer(one, one.capacity())).isTrue();
        assertThat(coalescer.finish()).isEqualTo(VirtioNetHeader.LENGTH + one.capacity());
        assertThat(buf.getLong(0)).isZero();
        assertThat(buf.slice(VirtioNetHeader.LENGTH, one.capacity())).isEqualTo(one);
        assertThat(coalescer.hasPending()).isFalse();
    }
}
