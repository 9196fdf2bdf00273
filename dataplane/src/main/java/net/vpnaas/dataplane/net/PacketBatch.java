package net.vpnaas.dataplane.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import net.vpnaas.dataplane.sys.Libc;

/**
 * Off-heap buffers for up to {@code capacity} received datagrams and the {@code struct mmsghdr}
 * array that describes them, so one {@code recvmmsg} moves a whole batch: per-packet system
 * calls, not crypto, are what limits a userspace data path. Each entry also has room for one
 * control message, where a socket with UDP receive offload reports the segment size of a
 * coalesced datagram.
 */
public final class PacketBatch {
    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    private static final int CMSG_SPACE = 24; // cmsghdr (16) + int, aligned to 8
    private static final int CMSG_DATA = 16;

    private final int capacity;
    private final int slotSize;
    private final MemorySegment data;
    private final MemorySegment names;
    private final MemorySegment iovs;
    private final MemorySegment msgs;
    private final MemorySegment controls;

    public PacketBatch(Arena arena, int capacity, int slotSize) {
        this.capacity = capacity;
        this.slotSize = slotSize;
        this.data = arena.allocate((long) capacity * slotSize, 64);
        this.names = arena.allocate((long) capacity * SockAddr.MAX_LENGTH, 8);
        this.iovs = arena.allocate((long) capacity * IOVEC, 8);
        this.msgs = arena.allocate((long) capacity * MMSGHDR, 8);
        this.controls = arena.allocate((long) capacity * CMSG_SPACE, 8);
        for (int i = 0; i < capacity; i++) {
            long m = (long) i * MMSGHDR;
            msgs.set(ValueLayout.ADDRESS, m, names.asSlice((long) i * SockAddr.MAX_LENGTH));
            msgs.set(ValueLayout.JAVA_INT, m + 8, SockAddr.MAX_LENGTH);
            msgs.set(ValueLayout.ADDRESS, m + 16, iovs.asSlice((long) i * IOVEC));
            msgs.set(ValueLayout.JAVA_LONG, m + 24, 1);
            msgs.set(ValueLayout.ADDRESS, m + 32, controls.asSlice((long) i * CMSG_SPACE, CMSG_SPACE));
            iovs.set(ValueLayout.ADDRESS, (long) i * IOVEC, slot(i));
            iovs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC + 8, slotSize);
        }
    }

    public int capacity() {
        return capacity;
    }

    public MemorySegment slot(int i) {
        return data.asSlice((long) i * slotSize, slotSize);
    }

    /** The {@code mmsghdr} array starting at entry {@code i}. */
    public MemorySegment messages(int i) {
        return msgs.asSlice((long) i * MMSGHDR);
    }

    /** Prepares every entry to receive a full slot, a peer address and a control message. */
    public void prepareReceive() {
        for (int i = 0; i < capacity; i++) {
            long m = (long) i * MMSGHDR;
            iovs.set(ValueLayout.JAVA_LONG, (long) i * IOVEC + 8, slotSize);
            msgs.set(ValueLayout.JAVA_INT, m + 8, SockAddr.MAX_LENGTH);
            msgs.set(ValueLayout.JAVA_LONG, m + 40, CMSG_SPACE);
        }
    }

    /** True if the datagram of entry {@code i} did not fit its slot (the rest of it is lost). */
    public boolean truncated(int i) {
        return (msgs.get(ValueLayout.JAVA_INT, (long) i * MMSGHDR + 48) & Libc.MSG_TRUNC) != 0;
    }

    /**
     * The segment size of entry {@code i} when the kernel coalesced several datagrams of one flow
     * into it (UDP_GRO: all segments have this size, the last may be shorter); 0 for a single datagram.
     */
    public int segmentSize(int i) {
        if (msgs.get(ValueLayout.JAVA_LONG, (long) i * MMSGHDR + 40) < CMSG_DATA + 4) return 0;
        long c = (long) i * CMSG_SPACE;
        boolean gro = controls.get(ValueLayout.JAVA_INT, c + 8) == Libc.SOL_UDP && controls.get(ValueLayout.JAVA_INT, c + 12) == Libc.UDP_GRO;
        return gro ? controls.get(ValueLayout.JAVA_INT, c + CMSG_DATA) : 0;
    }

    /** Length of the datagram received into entry {@code i}. */
    public int receivedLength(int i) {
        return msgs.get(ValueLayout.JAVA_INT, (long) i * MMSGHDR + 56);
    }

    /** Peer address segment of entry {@code i}, filled by recvmmsg. */
    public MemorySegment name(int i) {
        return names.asSlice((long) i * SockAddr.MAX_LENGTH, SockAddr.MAX_LENGTH);
    }
}
