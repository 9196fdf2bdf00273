package net.vpnaas.dataplane.tun;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.sys.NativeException;

import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * A Linux TUN device (layer 3, no packet-information header) opened through FFM, with one file
 * descriptor per queue ({@code IFF_MULTI_QUEUE}) so that each worker reads its own queue: the
 * kernel spreads flows across queues by hash, which pins each flow to one worker.
 *
 * <p>The device may already exist (created with {@code ip tuntap add NAME mode tun multi_queue}
 * and configured with addresses and routes); attaching to it keeps its configuration.
 */
public final class TunDevice implements AutoCloseable {
    private static final long TUNSETIFF = 0x400454caL;
    private static final short IFF_TUN = 0x0001;
    private static final short IFF_NO_PI = 0x1000;
    private static final short IFF_MULTI_QUEUE = 0x0100;
    private static final short IFF_VNET_HDR = 0x4000;
    private static final long TUNSETOFFLOAD = 0x400454d0L;
    private static final long TUN_F_CSUM = 0x01;
    private static final long TUN_F_TSO4 = 0x02;
    private static final long TUN_F_TSO6 = 0x04;
    private static final int IFNAMSIZ = 16;

    private final List<TunQueue> queues;
    private final boolean offloads;

    private TunDevice(List<TunQueue> queues, boolean offloads) {
        this.queues = List.copyOf(queues);
        this.offloads = offloads;
    }

    /**
     * Opens {@code queueCount} non-blocking queues of the device {@code name} (created if absent).
     * With {@code offloads} every packet carries a {@link VirtioNetHeader} and the kernel may hand
     * us TCP super-packets (TSO) and partial checksums, which saves most per-packet work of the
     * sending TCP stack and most TUN reads.
     */
    public static TunDevice open(String name, int queueCount, boolean offloads) {
        byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
        if (nameBytes.length >= IFNAMSIZ || nameBytes.length == 0) throw new IllegalArgumentException("bad interface name " + name);
        List<TunQueue> queues = new ArrayList<>();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            MemorySegment path = arena.allocateFrom("/dev/net/tun");
            MemorySegment ifreq = arena.allocate(40);
            MemorySegment.copy(nameBytes, 0, ifreq, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, nameBytes.length);
            short flags = (short) (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE | (offloads ? IFF_VNET_HDR : 0));
            ifreq.set(JAVA_SHORT, IFNAMSIZ, flags);
            for (int i = 0; i < queueCount; i++) {
                int fd = Libc.open(cs, path, Libc.O_RDWR | Libc.O_NONBLOCK);
                if (fd < 0) throw new NativeException("open /dev/net/tun", Libc.errno(cs));
                if (Libc.ioctl(cs, fd, TUNSETIFF, ifreq) != 0) {
                    int errno = Libc.errno(cs);
                    Libc.close(cs, fd);
                    queues.forEach(TunQueue::close);
                    throw new NativeException("ioctl TUNSETIFF " + name, errno);
                }
                queues.add(new TunQueue(fd));
            }
            // The offload argument is an unsigned long passed by value, not a pointer.
            if (offloads && Libc.ioctl(cs, queues.getFirst().fd(), TUNSETOFFLOAD,
                    MemorySegment.ofAddress(TUN_F_CSUM | TUN_F_TSO4 | TUN_F_TSO6)) != 0) {
                int errno = Libc.errno(cs);
                queues.forEach(TunQueue::close);
                throw new NativeException("ioctl TUNSETOFFLOAD " + name, errno);
            }
        }
        return new TunDevice(queues, offloads);
    }

    /** True if packets carry a {@link VirtioNetHeader}. */
    public boolean offloads() {
        return offloads;
    }

    public List<TunQueue> queues() {
        return queues;
    }

    @Override
    public void close() {
        queues.forEach(TunQueue::close);
    }
}
