package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.stream.TcpEncapsulation;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TunQueue;

/**
 * ESP packets read from a TCP stream (RFC 9329): opened like those from a socket and written to the
 * TUN device, the packets of one read merged per flow as for a batch from a socket ({@link TunDelivery}).
 * One per reading thread, with its own processor and buffers (closed with it).
 */
public final class StreamInbound implements TcpEncapsulation.EspDelivery {
    private final InboundProcessor processor;
    private final Arena arena = Arena.ofConfined();
    private final TunDelivery out;

    public StreamInbound(InboundProcessor processor, TunQueue tun, boolean offloads, DataPathCounters counters) {
        this.processor = processor;
        this.out = new TunDelivery(arena, Libc.newCallState(arena), tun, offloads, counters);
    }

    @Override
    public void deliver(ByteBuffer esp) {
        int length = esp.remaining();
        int inner = processor.open(esp.position() == 0 ? esp : esp.slice(), length, out.plain());
        if (inner > 0) out.deliver(inner);
    }

    @Override
    public void endOfRead() {
        out.flush();
    }

    @Override
    public void close() {
        arena.close();
    }
}
