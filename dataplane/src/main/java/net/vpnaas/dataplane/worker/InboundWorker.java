package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.net.PacketBatch;
import net.vpnaas.dataplane.net.SockAddr;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TunQueue;

/**
 * Receives batches of datagrams from one ESP socket ({@code recvmmsg}), splits datagrams the
 * kernel coalesced (UDP_GRO) back into the peer's datagrams, demultiplexes them (RFC 3948: 0xFF
 * keepalive, non-ESP marker = IKE, otherwise ESP), opens the ESP packets and writes the inner
 * packets to the TUN device through a {@link TunDelivery}, which merges a batch's packets of one
 * flow into one TUN write where offloads allow.
 */
public final class InboundWorker implements Runnable {
    private static final int BATCH = 64;
    /** A slot holds a whole coalesced datagram (up to 64 KiB), not just one ESP packet. */
    private static final int SLOT = 65536;

    private final EspSocket socket;
    private final InboundProcessor processor;
    private final TunQueue tun;
    private final boolean offloads;
    private final IkeReceiver ike;
    private final DataPathCounters counters;
    private volatile boolean running = true;

    private MemorySegment cs;
    private TunDelivery out;

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
            cs = Libc.newCallState(arena);
            PacketBatch batch = new PacketBatch(arena, BATCH, SLOT);
            ByteBuffer[] slots = new ByteBuffer[BATCH];
            for (int i = 0; i < BATCH; i++) slots[i] = batch.slot(i).asByteBuffer();
            out = new TunDelivery(arena, cs, tun, offloads, counters);
            while (running && !socket.isClosed()) {
                int n = socket.receive(cs, batch);
                for (int i = 0; i < n; i++) {
                    if (batch.truncated(i)) {
                        counters.truncated.increment(); // larger than any datagram we accept: not ours
                        continue;
                    }
                    int length = batch.receivedLength(i);
                    int segment = batch.segmentSize(i);
                    if (segment <= 0 || segment >= length) {
                        receive(batch, i, slots[i], length);
                        continue;
                    }
                    counters.coalescedDatagrams.increment();
                    for (int offset = 0; offset < length; offset += segment) {
                        int size = Math.min(segment, length - offset);
                        receive(batch, i, slots[i].slice(offset, size), size);
                    }
                }
                out.flush();
            }
        }
    }

    private void receive(PacketBatch batch, int i, ByteBuffer datagram, int length) {
        try {
            int inner = handle(batch, i, datagram, length);
            if (inner > 0) out.deliver(inner);
        } catch (RuntimeException e) {
            counters.internalErrors.increment(); // one bad packet must not end the worker
        }
    }

    /** Returns the length of an inner packet to deliver, or 0. */
    private int handle(PacketBatch batch, int i, ByteBuffer datagram, int length) {
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
                return processor.open(esp, length - offset, out.plain());
            }
        }
    }
}
