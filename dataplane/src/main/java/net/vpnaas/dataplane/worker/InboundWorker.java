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
 * Receives batches of datagrams from one ESP socket ({@code recvmmsg}), demultiplexes them
 * (RFC 3948: 0xFF keepalive, non-ESP marker = IKE, otherwise ESP), opens the ESP packets and
 * writes the inner packets to the TUN device.
 */
public final class InboundWorker implements Runnable {
    private static final int BATCH = 64;
    private static final int SLOT = 2048;

    private final EspSocket socket;
    private final InboundProcessor processor;
    private final TunQueue tun;
    private final IkeReceiver ike;
    private final DataPathCounters counters;
    private volatile boolean running = true;

    public InboundWorker(EspSocket socket, InboundProcessor processor, TunQueue tun, IkeReceiver ike, DataPathCounters counters) {
        this.socket = socket;
        this.processor = processor;
        this.tun = tun;
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
            MemorySegment plain = arena.allocate(SLOT, 64);
            ByteBuffer plainBuf = plain.asByteBuffer();
            while (running && !socket.isClosed()) {
                int n = socket.receive(cs, batch);
                for (int i = 0; i < n; i++) {
                    try {
                        int length = handle(batch, i, slots[i], plainBuf);
                        if (length > 0) tun.write(cs, plain, length);
                    } catch (RuntimeException e) {
                        counters.internalErrors.increment(); // one bad packet must not end the worker
                    }
                }
            }
        }
    }

    /** Returns the length of an inner packet to deliver, or 0. */
    private int handle(PacketBatch batch, int i, ByteBuffer datagram, ByteBuffer plain) {
        int length = batch.receivedLength(i);
        int offset = 0;
        if (socket.kind() == EspSocket.Kind.UDP) {
            if (length == 1 && datagram.get(0) == (byte) 0xFF) {
                counters.keepalives.increment(); // NAT keepalive (RFC 3948 2.3): only keeps the mapping open
                return 0;
            }
            if (length >= 4 && datagram.getInt(0) == 0) {
                counters.ikeMessages.increment();
                byte[] message = new byte[length - 4];
                datagram.get(4, message);
                ike.received(socket.local(), SockAddr.read(batch.name(i), 0), message);
                return 0;
            }
        } else if (socket.family() == Libc.AF_INET) {
            // A raw IPv4 socket delivers the IP header too; IPv6 raw sockets do not.
            if (length < 20) {
                counters.truncated.increment();
                return 0;
            }
            offset = (datagram.get(0) & 0x0F) * 4;
        }
        if (length - offset < 8) {
            counters.truncated.increment();
            return 0;
        }
        ByteBuffer esp = offset == 0 ? datagram : datagram.slice(offset, length - offset);
        return processor.open(esp, length - offset, plain);
    }

}
