package net.vpnaas.dataplane.worker;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.sys.NativeException;

/**
 * Sends packets that matched no policy in the clear, when so configured: through raw sockets
 * with {@code IPPROTO_RAW} (the packet carries its own IP header) so the kernel routes them by
 * destination. The routing table must not point that destination back into the TUN device.
 */
public final class BypassSender implements AutoCloseable {
    private static final int IPPROTO_RAW = 255;
    private static final int IPV6_HDRINCL = 36;

    private final int fd4;
    private final int fd6;

    private BypassSender(int fd4, int fd6) {
        this.fd4 = fd4;
        this.fd6 = fd6;
    }

    /** A sender that never sends (the action for unmatched packets is drop). */
    public static BypassSender disabled() {
        return new BypassSender(-1, -1);
    }

    public static BypassSender open() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            int fd4 = Libc.socket(cs, Libc.AF_INET, Libc.SOCK_RAW, IPPROTO_RAW);
            if (fd4 < 0) throw new NativeException("socket(AF_INET, SOCK_RAW, IPPROTO_RAW)", Libc.errno(cs));
            int fd6 = Libc.socket(cs, Libc.AF_INET6, Libc.SOCK_RAW, IPPROTO_RAW);
            if (fd6 >= 0) Libc.setIntOption(cs, fd6, Libc.IPPROTO_IPV6, IPV6_HDRINCL, 1);
            return new BypassSender(fd4, fd6);
        }
    }

    void send(MemorySegment cs, MemorySegment packet, int length) {
        int version = (packet.get(ValueLayout.JAVA_BYTE, 0) & 0xFF) >>> 4;
        int fd = version == 4 ? fd4 : fd6;
        if (fd < 0) return;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment addr = arena.allocate(28);
            int addrLength;
            if (version == 4) {
                addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET);
                MemorySegment.copy(packet, 16, addr, 4, 4);
                addrLength = 16;
            } else {
                addr.set(ValueLayout.JAVA_SHORT, 0, (short) Libc.AF_INET6);
                MemorySegment.copy(packet, 24, addr, 8, 16);
                addrLength = 28;
            }
            Libc.sendto(cs, fd, packet, length, 0, addr, addrLength);
        }
    }

    @Override
    public void close() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            if (fd4 >= 0) Libc.close(cs, fd4);
            if (fd6 >= 0) Libc.close(cs, fd6);
        }
    }
}
