package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.net.PacketBatch;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TcpSegmenter;
import net.vpnaas.dataplane.tun.TunQueue;
import net.vpnaas.dataplane.tun.VirtioNetHeader;

/**
 * Reads inner packets from one TUN queue, seals them and sends them in batches: packets read
 * while the queue has more, and the segments of a TSO super-packet, are collected and leave
 * through one {@code sendmmsg} per socket. One thread per TUN queue; the kernel hashes each flow
 * to one queue, so a flow is never reordered by two workers.
 */
public final class OutboundWorker implements Runnable {
    private static final int BATCH = 64;
    private static final int SLOT = 2048;
    private static final int TRAILER_ROOM = 64;
    private static final int SUPER_PACKET = 65536 + VirtioNetHeader.LENGTH;

    private final TunQueue queue;
    private final boolean offloads;
    private final OutboundProcessor processor;
    private final BypassSender bypass;
    private final DataPathCounters counters;
    private volatile boolean running = true;

    private MemorySegment cs;
    private PacketBatch batch;
    private ByteBuffer[] slots;
    private EspSocket[] sockets;
    private MemorySegment icmp;
    private ByteBuffer icmpBody;
    private int pending;

    public OutboundWorker(TunQueue queue, boolean offloads, OutboundProcessor processor, BypassSender bypass,
                          DataPathCounters counters) {
        this.queue = queue;
        this.offloads = offloads;
        this.processor = processor;
        this.bypass = bypass;
        this.counters = counters;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            cs = Libc.newCallState(arena);
            MemorySegment pollFd = arena.allocate(8);
            batch = new PacketBatch(arena, BATCH, SLOT);
            slots = new ByteBuffer[BATCH];
            for (int i = 0; i < BATCH; i++) slots[i] = batch.slot(i).asByteBuffer();
            sockets = new EspSocket[BATCH];
            int headroom = offloads ? VirtioNetHeader.LENGTH : 0;
            MemorySegment read = arena.allocate(SUPER_PACKET + TRAILER_ROOM, 64);
            MemorySegment readArea = read.asSlice(0, offloads ? SUPER_PACKET : SLOT - TRAILER_ROOM);
            ByteBuffer readBuf = read.asByteBuffer();
            ByteBuffer packet = readBuf.slice(headroom, readBuf.capacity() - headroom);
            ByteBuffer segment = arena.allocate(SUPER_PACKET, 64).asByteBuffer();
            icmp = arena.allocate(SLOT, 64);
            ByteBuffer icmpBuf = icmp.asByteBuffer();
            VirtioNetHeader.writeEmpty(icmpBuf);
            icmpBody = icmpBuf.slice(headroom, SLOT - headroom);
            TcpSegmenter segmenter = new TcpSegmenter();
            while (running && !queue.isClosed()) {
                pending = 0;
                int reads = 0;
                while (pending < BATCH && reads++ < BATCH) {
                    int length = queue.read(cs, readArea);
                    if (length <= 0) break;
                    try {
                        if (!offloads) {
                            handle(packet, length);
                            continue;
                        }
                        int packetLength = length - VirtioNetHeader.LENGTH;
                        int gso = VirtioNetHeader.gsoType(readBuf);
                        if (gso == VirtioNetHeader.GSO_NONE) {
                            if ((VirtioNetHeader.flags(readBuf) & VirtioNetHeader.FLAG_NEEDS_CSUM) != 0) {
                                VirtioNetHeader.completeChecksum(packet, packetLength,
                                        VirtioNetHeader.csumStart(readBuf), VirtioNetHeader.csumOffset(readBuf));
                            }
                            handle(packet, packetLength);
                        } else if ((gso == VirtioNetHeader.GSO_TCPV4 || gso == VirtioNetHeader.GSO_TCPV6)
                                && segmenter.start(packet, packetLength, VirtioNetHeader.gsoSize(readBuf))) {
                            for (int s; (s = segmenter.next(segment)) > 0; ) {
                                handle(segment, s);
                                if (pending == BATCH) flush();
                            }
                        } else {
                            counters.malformedOutbound.increment();
                        }
                    } catch (RuntimeException e) {
                        counters.internalErrors.increment(); // one bad packet must not end the worker
                    }
                }
                boolean idle = pending == 0 && reads == 1;
                flush();
                if (idle) queue.awaitReadable(cs, pollFd, 200);
            }
        }
    }

    private void handle(ByteBuffer packet, int length) {
        int result = processor.seal(packet, length, slots[pending], icmpBody);
        if (result > 0) {
            OuterRoute route = processor.lastSa().route();
            byte[] name = route.sockaddr();
            MemorySegment.copy(name, 0, batch.name(pending), ValueLayout.JAVA_BYTE, 0, name.length);
            batch.prepareSend(pending, result, name.length);
            sockets[pending++] = route.socket();
        } else if (result == OutboundProcessor.TOO_BIG) {
            queue.write(cs, icmp, (offloads ? VirtioNetHeader.LENGTH : 0) + processor.icmpLength());
        } else if (result == OutboundProcessor.BYPASS) {
            bypass.send(cs, MemorySegment.ofBuffer(packet), processor.innerLength());
        }
    }

    /** Sends runs of consecutive entries that share a socket with one sendmmsg each. */
    private void flush() {
        int start = 0;
        while (start < pending) {
            int end = start + 1;
            while (end < pending && sockets[end] == sockets[start]) end++;
            if (!sockets[start].isClosed()) sockets[start].send(cs, batch, start, end - start);
            start = end;
        }
        pending = 0;
    }
}
