package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.tun.TcpCoalescer;
import net.vpnaas.dataplane.tun.TunQueue;
import net.vpnaas.dataplane.tun.UdpCoalescer;
import net.vpnaas.dataplane.tun.VirtioNetHeader;

/**
 * Writes opened inner packets to a TUN queue; with TUN offloads, consecutive TCP segments or UDP
 * datagrams of one flow are merged first ({@link TcpCoalescer}, {@link UdpCoalescer}), so a batch
 * of a flow costs one TUN write instead of one per packet. The caller opens each packet into
 * {@link #plain()}, hands it on with {@link #deliver}, and {@link #flush}es at the end of a batch.
 * One per thread; its buffers live in the caller's arena.
 */
public final class TunDelivery {
    private static final int PLAIN = 65536;
    private static final int SUPER_PACKET = 65536 + VirtioNetHeader.LENGTH;

    private final TunQueue tun;
    private final boolean offloads;
    private final DataPathCounters counters;
    private final MemorySegment cs;
    private final MemorySegment plain;
    private final ByteBuffer plainBuf;
    private MemorySegment tcpMerged;
    private MemorySegment udpMerged;
    private TcpCoalescer tcp;
    private UdpCoalescer udp;

    public TunDelivery(Arena arena, MemorySegment callState, TunQueue tun, boolean offloads, DataPathCounters counters) {
        this.tun = tun;
        this.offloads = offloads;
        this.counters = counters;
        this.cs = callState;
        // With offloads the TUN expects a virtio header first; ours stays all-zero (nothing to offload).
        int headroom = offloads ? VirtioNetHeader.LENGTH : 0;
        plain = arena.allocate(PLAIN + headroom, 64);
        plainBuf = plain.asByteBuffer().slice(headroom, PLAIN);
        if (offloads) {
            tcpMerged = arena.allocate(SUPER_PACKET, 64);
            udpMerged = arena.allocate(SUPER_PACKET, 64);
            tcp = new TcpCoalescer(tcpMerged.asByteBuffer());
            udp = new UdpCoalescer(udpMerged.asByteBuffer());
        }
    }

    /** Where the next inner packet goes, from index 0. */
    public ByteBuffer plain() {
        return plainBuf;
    }

    /** Writes the inner packet in {@link #plain()} to the TUN, merged with its flow's neighbours when offloads allow. */
    public void deliver(int length) {
        if (!offloads) {
            tun.write(cs, plain, length);
            return;
        }
        // Only one coalescer holds packets at a time, so the order of packets is kept.
        if (UdpCoalescer.isUdp(plainBuf, length)) {
            flushTcp();
            if (udp.offer(plainBuf, length)) return;
            flushUdp(); // not mergeable with what is pending
            if (udp.offer(plainBuf, length)) return;
        } else {
            flushUdp();
            if (tcp.offer(plainBuf, length)) return;
            flushTcp();
            if (tcp.offer(plainBuf, length)) return;
        }
        tun.write(cs, plain, VirtioNetHeader.LENGTH + length);
    }

    /** Writes what is merged so far: at the end of every batch, before waiting for more. */
    public void flush() {
        if (!offloads) return;
        flushTcp();
        flushUdp();
    }

    private void flushTcp() {
        int length = tcp.finish();
        if (length > 0) tun.write(cs, tcpMerged, length);
    }

    private void flushUdp() {
        int length = udp.finish();
        if (length <= 0) return;
        if (udp.segments() > 1) counters.mergedUdpDatagrams.add(udp.segments());
        tun.write(cs, udpMerged, length);
    }
}
