package net.vpnaas.dataplane.mtu;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.function.Consumer;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.sys.NativeException;

/**
 * Receives ICMP / ICMPv6 errors through a raw socket and passes on the Packet Too Big messages that
 * quote ESP or UDP, for the data path to check against what it sent. The kernel does not apply them
 * to us: our ESP leaves through raw and UDP sockets whose path MTU it would track per socket, not per
 * tunnel.
 */
public final class PathMtuListener implements Runnable, AutoCloseable {
    private static final int IPPROTO_ICMP = 1;
    private static final int IPPROTO_ICMPV6 = 58;

    private final int fd;
    private final boolean ipv6;
    private final Consumer<PacketTooBigReport> sink;
    private volatile boolean running = true;

    private PathMtuListener(int fd, boolean ipv6, Consumer<PacketTooBigReport> sink) {
        this.fd = fd;
        this.ipv6 = ipv6;
        this.sink = sink;
    }

    public static PathMtuListener open(boolean ipv6, Consumer<PacketTooBigReport> sink) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            int fd = Libc.socket(cs, ipv6 ? Libc.AF_INET6 : Libc.AF_INET, Libc.SOCK_RAW, ipv6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP);
            if (fd < 0) throw new NativeException("socket(raw ICMP)", Libc.errno(cs));
            MemorySegment timeout = arena.allocate(16);
            timeout.set(java.lang.foreign.ValueLayout.JAVA_LONG, 8, 200_000); // lets close() end the reader
            Libc.setsockopt(cs, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 16);
            return new PathMtuListener(fd, ipv6, sink);
        }
    }

    @Override
    public void run() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment buf = arena.allocate(2048);
            ByteBuffer view = buf.asByteBuffer();
            while (running) {
                long n = Libc.read(cs, fd, buf, buf.byteSize());
                if (n <= 0) continue;
                PacketTooBigReport report = PacketTooBigReport.parse(view, (int) n, ipv6);
                if (report != null) sink.accept(report);
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(Libc.newCallState(arena), fd);
        }
    }
}
