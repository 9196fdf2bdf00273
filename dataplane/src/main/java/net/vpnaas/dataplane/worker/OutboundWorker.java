package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.net.SendBatch;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TcpSegmenter;
import net.vpnaas.dataplane.tun.TunQueue;
import net.vpnaas.dataplane.tun.VirtioNetHeader;

/**
 * Reads inner packets from one TUN queue, seals them and sends them in batches: packets read
 * while the queue has more, and the segments of a TSO super-packet, are collected and leave
 * through one {@code sendmmsg} per socket, equal-size runs as one UDP GSO message. One thread per TUN queue; the kernel hashes each flow
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
    private SendBatch batch;
    private MemorySegment icmp;
    private ByteBuffer icmpBody;

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
            batch = new SendBatch(arena, BATCH, SLOT, offloads);
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
                int reads = 0;
                while (!batch.isFull() && reads++ < BATCH) {
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
                                if (batch.isFull()) counters.sendFailures.add(batch.flush(cs));
                            }
                        } else {
                            counters.malformedOutbound.increment();
                        }
                    } catch (RuntimeException e) {
                        counters.internalErrors.increment(); // one bad packet must not end the worker
                    }
                }
                boolean idle = batch.isEmpty() && reads == 1;
                counters.sendFailures.add(batch.flush(cs));
                if (idle) queue.awaitReadable(cs, pollFd, 200);
            }
        }
    }

    private void handle(ByteBuffer packet, int length) {
        int result = processor.seal(packet, length, batch.next(), icmpBody);
        if (result > 0) {
            OuterRoute route = processor.lastSa().route();
            if (route.stream() != null) {
                // ESP over TCP: framed onto the IKE SA's stream (copied there); the batch slot is reused
                if (!route.stream().sendEsp(batch.next().slice(0, result))) counters.sendFailures.increment();
            } else {
                batch.add(result, route.socket(), route.sockaddr());
            }
        } else if (result == OutboundProcessor.TOO_BIG) {
            queue.write(cs, icmp, (offloads ? VirtioNetHeader.LENGTH : 0) + processor.icmpLength());
        } else if (result == OutboundProcessor.BYPASS) {
            bypass.send(cs, MemorySegment.ofBuffer(packet), processor.innerLength());
        }
    }
}
