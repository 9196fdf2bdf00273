package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import net.vpnaas.dataplane.stream.TcpEncapsulation;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.tun.TunQueue;
import net.vpnaas.dataplane.tun.VirtioNetHeader;

/**
 * ESP packets read from a TCP stream (RFC 9329): opened like those from a socket and written to the
 * TUN device one by one. One per reading thread, with its own processor and buffers (closed with it).
 */
public final class StreamInbound implements TcpEncapsulation.EspDelivery {
    private static final int PLAIN = 65536;

    private final InboundProcessor processor;
    private final TunQueue tun;
    private final int headroom;
    private final Arena arena = Arena.ofConfined();
    private final MemorySegment cs = Libc.newCallState(arena);
    private final MemorySegment plain;
    private final ByteBuffer plainBuf;

    public StreamInbound(InboundProcessor processor, TunQueue tun, boolean offloads) {
        this.processor = processor;
        this.tun = tun;
        // With offloads the TUN expects a virtio header first; ours stays all-zero (nothing to offload).
        this.headroom = offloads ? VirtioNetHeader.LENGTH : 0;
        this.plain = arena.allocate(PLAIN + headroom, 64);
        this.plainBuf = plain.asByteBuffer().slice(headroom, PLAIN);
    }

    @Override
    public void deliver(ByteBuffer esp) {
        int length = esp.remaining();
        ByteBuffer packet = esp.position() == 0 ? esp : esp.slice();
        int inner = processor.open(packet, length, plainBuf);
        if (inner > 0) tun.write(cs, plain, headroom + inner);
    }

    @Override
    public void close() {
        arena.close();
    }
}
