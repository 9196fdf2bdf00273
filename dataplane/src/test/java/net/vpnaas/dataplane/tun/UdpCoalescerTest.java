package net.vpnaas.dataplane.tun;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import net.vpnaas.dataplane.ip.Checksum;
import org.junit.jupiter.api.Test;

/** Userspace UDP GRO: datagrams of one flow merge into a USO super-packet the kernel can split back. */
class UdpCoalescerTest {

    /** A UDP/IPv4 datagram 10.1.0.1:40000 -> 10.2.0.1:5201 with a valid checksum; payload bytes depend on {@code seq}. */
    private static ByteBuffer v4(int payload, int seq, int id, boolean df) {
        ByteBuffer b = ByteBuffer.allocate(28 + payload);
        b.put(0, (byte) 0x45);
        b.putShort(2, (short) b.capacity());
        b.putShort(4, (short) id);
        b.putShort(6, (short) (df ? 0x4000 : 0));
        b.put(8, (byte) 64);
        b.put(9, (byte) 17);
        b.putInt(12, 0x0A010001);
        b.putInt(16, 0x0A020001);
        b.putShort(10, (short) Checksum.finish(Checksum.add(0, b, 0, 20)));
        udp(b, 20, payload, seq, Checksum.add(0, b, 12, 8));
        return b;
    }

    private static ByteBuffer v6(int payload, int seq) {
        ByteBuffer b = ByteBuffer.allocate(48 + payload);
        b.putInt(0, 0x6000_0000);
        b.putShort(4, (short) (8 + payload));
        b.put(6, (byte) 17);
        b.put(7, (byte) 64);
        b.putLong(8, 0xfd00_0001_0000_0000L);
        b.putLong(16, 1);
        b.putLong(24, 0xfd00_0002_0000_0000L);
        b.putLong(32, 1);
        udp(b, 40, payload, seq, Checksum.add(0, b, 8, 32));
        return b;
    }

    private static void udp(ByteBuffer b, int ip, int payload, int seq, long pseudo) {
        b.putShort(ip, (short) 40000);
        b.putShort(ip + 2, (short) 5201);
        b.putShort(ip + 4, (short) (8 + payload));
        for (int i = 0; i < payload; i++) b.put(ip + 8 + i, (byte) (seq * 31 + i));
        int sum = Checksum.finish(Checksum.add(pseudo + 17 + 8 + payload, b, ip, 8 + payload));
        b.putShort(ip + 6, (short) (sum == 0 ? 0xFFFF : sum));
    }

    private static boolean offer(UdpCoalescer c, ByteBuffer p) {
        return c.offer(p, p.capacity());
    }

    @Test
    void datagramsOfOneFlowMergeIntoOneUsoPacketWithPartialChecksum() {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        UdpCoalescer coalescer = new UdpCoalescer(buf);
        for (int s = 0; s < 5; s++) assertThat(offer(coalescer, v4(64, s, 7 * s, true))).as("datagram %d", s).isTrue();
        assertThat(offer(coalescer, v4(20, 5, 99, true))).as("a shorter last one").isTrue();
        assertThat(offer(coalescer, v4(20, 6, 100, true))).as("nothing after the shorter one").isFalse();

        int written = coalescer.finish();
        int total = 28 + 5 * 64 + 20;
        assertThat(written).isEqualTo(VirtioNetHeader.LENGTH + total);
        assertThat(coalescer.segments()).isEqualTo(6);
        assertThat(VirtioNetHeader.flags(buf)).isEqualTo(VirtioNetHeader.FLAG_NEEDS_CSUM);
        assertThat(VirtioNetHeader.gsoType(buf)).isEqualTo(VirtioNetHeader.GSO_UDP_L4);
        assertThat(VirtioNetHeader.gsoSize(buf)).isEqualTo(64);
        assertThat(VirtioNetHeader.csumStart(buf)).isEqualTo(20);
        assertThat(VirtioNetHeader.csumOffset(buf)).isEqualTo(6);
        assertThat(Short.toUnsignedInt(Short.reverseBytes(buf.getShort(2)))).as("header length").isEqualTo(28);

        ByteBuffer merged = buf.slice(VirtioNetHeader.LENGTH, total);
        assertThat(merged.getShort(2) & 0xFFFF).isEqualTo(total);
        assertThat(merged.getShort(4) & 0xFFFF).as("IPv4 ID of the first datagram").isZero();
        assertThat(Checksum.finish(Checksum.add(0, merged, 0, 20))).as("IPv4 header checksum").isZero();
        assertThat(merged.getShort(24) & 0xFFFF).as("UDP length of the whole").isEqualTo(total - 20);
        long pseudo = Checksum.add(0, merged, 12, 8) + 17 + (total - 20);
        while ((pseudo >>> 16) != 0) pseudo = (pseudo & 0xFFFF) + (pseudo >>> 16);
        assertThat(merged.getShort(26) & 0xFFFF).as("partial checksum: the pseudo-header sum").isEqualTo((int) pseudo);
        for (int s = 0; s < 6; s++) {
            int size = s < 5 ? 64 : 20;
            assertThat(merged.slice(28 + 64 * s, size)).as("payload %d", s).isEqualTo(v4(size, s, 0, true).slice(28, size));
        }
        // What the kernel does per segment (length in the pseudo-header swapped, payload added) gives the original checksum back.
        long segment = Checksum.add(0, merged, 12, 8) + 17 + 72 + 40000 + 5201 + 72;
        segment = Checksum.add(segment, merged, 28, 64);
        assertThat(Checksum.finish(segment)).isEqualTo(v4(64, 0, 0, true).getShort(26) & 0xFFFF);
    }

    @Test
    void aSingleDatagramIsWrittenUnchanged() {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        UdpCoalescer coalescer = new UdpCoalescer(buf);
        ByteBuffer d = v4(64, 1, 5, true);
        assertThat(offer(coalescer, d)).isTrue();
        assertThat(coalescer.finish()).isEqualTo(VirtioNetHeader.LENGTH + d.capacity());
        assertThat(buf.slice(0, VirtioNetHeader.LENGTH)).isEqualTo(ByteBuffer.allocate(VirtioNetHeader.LENGTH));
        assertThat(buf.slice(VirtioNetHeader.LENGTH, d.capacity())).isEqualTo(d);
        assertThat(coalescer.hasPending()).isFalse();
    }

    @Test
    void onlyDatagramsThatSplitBackUnchangedMerge() {
        UdpCoalescer coalescer = new UdpCoalescer(ByteBuffer.allocate(70_000));
        assertThat(offer(coalescer, v4(64, 0, 1, true))).isTrue();

        ByteBuffer badChecksum = v4(64, 1, 2, true);
        badChecksum.putShort(26, (short) (badChecksum.getShort(26) ^ 0x0101));
        assertThat(offer(coalescer, badChecksum)).as("wrong UDP checksum").isFalse();
        ByteBuffer otherPort = v4(64, 1, 2, true);
        otherPort.putShort(22, (short) 5202);
        udpChecksumAgain(otherPort);
        assertThat(offer(coalescer, otherPort)).as("another flow").isFalse();
        assertThat(offer(coalescer, v4(100, 1, 2, true))).as("larger than the first").isFalse();
        ByteBuffer otherTtl = v4(64, 1, 2, true);
        otherTtl.put(8, (byte) 63);
        assertThat(offer(coalescer, otherTtl)).as("another TTL").isFalse();
        assertThat(offer(coalescer, v4(64, 1, 2, false))).as("DF differs").isFalse();
        ByteBuffer fragment = v4(64, 1, 2, true);
        fragment.putShort(6, (short) 0x2000);
        assertThat(offer(coalescer, fragment)).as("a fragment").isFalse();
        assertThat(offer(coalescer, v4(64, 1, 2, true))).isTrue();

        UdpCoalescer noDf = new UdpCoalescer(ByteBuffer.allocate(70_000));
        assertThat(offer(noDf, v4(64, 0, 10, false))).isTrue();
        assertThat(offer(noDf, v4(64, 1, 12, false))).as("without DF the IDs must count up").isFalse();
        assertThat(offer(noDf, v4(64, 1, 11, false))).isTrue();
    }

    @Test
    void ipv6DatagramsMergeButNotWithoutChecksum() {
        ByteBuffer buf = ByteBuffer.allocate(70_000);
        UdpCoalescer coalescer = new UdpCoalescer(buf);
        for (int s = 0; s < 3; s++) assertThat(offer(coalescer, v6(64, s))).isTrue();
        ByteBuffer noChecksum = v6(64, 3);
        noChecksum.putShort(46, (short) 0);
        assertThat(offer(coalescer, noChecksum)).as("IPv6 UDP without checksum").isFalse();
        assertThat(offer(coalescer, v4(64, 3, 0, true))).as("IPv4 after IPv6").isFalse();
        int total = 40 + 8 + 3 * 64;
        assertThat(coalescer.finish()).isEqualTo(VirtioNetHeader.LENGTH + total);
        assertThat(VirtioNetHeader.csumStart(buf)).isEqualTo(40);
        ByteBuffer merged = buf.slice(VirtioNetHeader.LENGTH, total);
        assertThat(merged.getShort(4) & 0xFFFF).as("IPv6 payload length").isEqualTo(total - 40);
        assertThat(merged.getShort(44) & 0xFFFF).isEqualTo(total - 40);
        assertThat(merged.slice(48 + 128, 64)).isEqualTo(v6(64, 2).slice(48, 64));
    }

    private static void udpChecksumAgain(ByteBuffer b) {
        b.putShort(26, (short) 0);
        int sum = Checksum.finish(Checksum.add(Checksum.add(0, b, 12, 8) + 17 + b.capacity() - 20, b, 20, b.capacity() - 20));
        b.putShort(26, (short) (sum == 0 ? 0xFFFF : sum));
    }
}
