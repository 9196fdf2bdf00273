package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.net.PacketBatch;
import net.vpnaas.dataplane.net.SockAddr;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TcpCoalescer;
import net.vpnaas.dataplane.tun.TunQueue;
import net.vpnaas.dataplane.tun.VirtioNetHeader;

/**
 * Receives batches of datagrams from one ESP socket ({@code recvmmsg}), demultiplexes them
 * (RFC 3948: 0xFF keepalive, non-ESP marker = IKE, otherwise ESP), opens the ESP packets and
 * writes the inner packets to the TUN device; with TUN offloads, consecutive TCP segments of a
 * batch are merged first ({@link TcpCoalescer}).
 */
public final class InboundWorker implements Runnable {
    private static final int BATCH = 64;
    private static final int SLOT = 2048;
    private static final int SUPER_PACKET = 65536 + VirtioNetHeader.LENGTH;

    private final EspSocket socket;
    private final InboundProcessor processor;
    private final TunQueue tun;
    private final boolean offloads;
    private final IkeReceiver ike;
    private final DataPathCounters counters;
    private volatile boolean running = true;

    public InboundWorker(EspSocket socket, InboundProcessor processor, TunQueue tun, boolean offloads, IkeReceiver ike,
                         DataPathCounters counters) {
        this.socket = socket;
        this.processor = processor;
        this.tun = tun;
        this.offloads = offloads;
        this.ike = ike;
        this.counters = counters;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            PacketBatch batch = new PacketBatch(arena, BATCH, SLOT);
            ByteBuffer[] slots = new ByteBuffer[BATCH];
            for (int i = 0; i < BATCH; i++) slots[i] = batch.slot(i).asByteBuffer();
            // With offloads the TUN expects a virtio header first; ours stays all-zero (nothing to offload).
            int headroom = offloads ? VirtioNetHeader.LENGTH : 0;
            MemorySegment plain = arena.allocate(SLOT + headroom, 64);
            ByteBuffer plainBuf = plain.asByteBuffer().slice(headroom, SLOT);
            MemorySegment merged = arena.allocate(SUPER_PACKET, 64);
            TcpCoalescer coalescer = offloads ? new TcpCoalescer(merged.asByteBuffer()) : null;
            while (running && !socket.isClosed()) {
                int n = socket.receive(cs, batch);
                for (int i = 0; i < n; i++) {
                    try {
                        int length = handle(batch, i, slots[i], plainBuf);
                        if (length <= 0) continue;
                        if (coalescer == null) {
                            tun.write(cs, plain, length);
                        } else if (!coalescer.offer(plainBuf, length)) {
                            // Not mergeable with what is pending: keep the order, flush first.
                            flush(cs, coalescer, merged);
                            if (!coalescer.offer(plainBuf, length)) tun.write(cs, plain, headroom + length);
                        }
                    } catch (RuntimeException e) {
                        counters.internalErrors.increment(); // one bad packet must not end the worker
                    }
                }
                if (coalescer != null) flush(cs, coalescer, merged);
            }
        }
    }

    private void flush(MemorySegment cs, TcpCoalescer coalescer, MemorySegment merged) {
        int length = coalescer.finish();
        if (length > 0) tun.write(cs, merged, length);
    }

    /** Returns the length of an inner packet to deliver, or 0. */
    private int handle(PacketBatch batch, int i, ByteBuffer datagram, ByteBuffer plain) {
        int length = batch.receivedLength(i);
        int offset = DatagramDemux.classify(datagram, length, socket.kind(), socket.family());
        switch (offset) {
            case DatagramDemux.KEEPALIVE -> {
                counters.keepalives.increment(); // only keeps the NAT mapping open
                return 0;
            }
            case DatagramDemux.IKE -> {
                counters.ikeMessages.increment();
                byte[] message = new byte[length - 4];
                datagram.get(4, message);
                ike.received(socket.local(), SockAddr.read(batch.name(i), 0), message);
                return 0;
            }
            case DatagramDemux.TRUNCATED -> {
                counters.truncated.increment();
                return 0;
            }
            default -> {
                ByteBuffer esp = offset == 0 ? datagram : datagram.slice(offset, length - offset);
                return processor.open(esp, length - offset, plain);
            }
        }
    }
}
