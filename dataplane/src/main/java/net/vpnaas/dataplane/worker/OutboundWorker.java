package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.net.EspSocket;
import net.vpnaas.dataplane.net.PacketBatch;
import net.vpnaas.dataplane.sad.OuterRoute;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TunQueue;

/**
 * Reads inner packets from one TUN queue, seals them and sends them in batches: packets read
 * while the queue has more are collected and leave through one {@code sendmmsg} per socket.
 * One thread per TUN queue; the kernel hashes each flow to one queue, so a flow is never
 * reordered by two workers.
 */
public final class OutboundWorker implements Runnable {
    private static final int BATCH = 64;
    private static final int SLOT = 2048;
    private static final int TRAILER_ROOM = 64;

    private final TunQueue queue;
    private final OutboundProcessor processor;
    private final BypassSender bypass;
    private final DataPathCounters counters;
    private volatile boolean running = true;

    public OutboundWorker(TunQueue queue, OutboundProcessor processor, BypassSender bypass, DataPathCounters counters) {
        this.queue = queue;
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
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment pollFd = arena.allocate(8);
            PacketBatch batch = new PacketBatch(arena, BATCH, SLOT);
            ByteBuffer[] slots = new ByteBuffer[BATCH];
            for (int i = 0; i < BATCH; i++) slots[i] = batch.slot(i).asByteBuffer();
            EspSocket[] sockets = new EspSocket[BATCH];
            MemorySegment inner = arena.allocate(SLOT, 64);
            MemorySegment readArea = inner.asSlice(0, SLOT - TRAILER_ROOM);
            ByteBuffer innerBuf = inner.asByteBuffer();
            MemorySegment icmp = arena.allocate(SLOT, 64);
            ByteBuffer icmpBuf = icmp.asByteBuffer();
            while (running && !queue.isClosed()) {
                int n = 0;
                while (n < BATCH) {
                    int length = queue.read(cs, readArea);
                    if (length <= 0) break;
                    try {
                        int result = processor.seal(innerBuf, length, slots[n], icmpBuf);
                        if (result > 0) {
                            OuterRoute route = processor.lastSa().route();
                            byte[] name = route.sockaddr();
                            MemorySegment.copy(name, 0, batch.name(n), ValueLayout.JAVA_BYTE, 0, name.length);
                            batch.prepareSend(n, result, name.length);
                            sockets[n++] = route.socket();
                        } else if (result == OutboundProcessor.TOO_BIG) {
                            queue.write(cs, icmp, processor.icmpLength());
                        } else if (result == OutboundProcessor.BYPASS) {
                            bypass.send(cs, inner, processor.innerLength());
                        }
                    } catch (RuntimeException e) {
                        counters.internalErrors.increment(); // one bad packet must not end the worker
                    }
                }
                flush(cs, batch, sockets, n);
                if (n == 0) queue.awaitReadable(cs, pollFd, 200);
            }
        }
    }

    /** Sends runs of consecutive entries that share a socket with one sendmmsg each. */
    private static void flush(MemorySegment cs, PacketBatch batch, EspSocket[] sockets, int count) {
        int start = 0;
        while (start < count) {
            int end = start + 1;
            while (end < count && sockets[end] == sockets[start]) end++;
            if (!sockets[start].isClosed()) sockets[start].send(cs, batch, start, end - start);
            start = end;
        }
    }
}
