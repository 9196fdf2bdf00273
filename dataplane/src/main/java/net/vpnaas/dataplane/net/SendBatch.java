package net.vpnaas.dataplane.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Outgoing ESP packets packed back to back in off-heap memory, sent with one {@code sendmmsg} per
 * socket. Runs of equal-size packets to the same UDP destination (the segments of one TSO
 * super-packet) become a single message with UDP segmentation offload ({@code UDP_SEGMENT}): the
 * kernel then walks its send path once per run instead of once per packet.
 */
public final class SendBatch {
    private static final int MMSGHDR = 64;
    private static final int IOVEC = 16;
    private static final int CMSG_SPACE = 24; // cmsghdr (16) + u16, aligned to 8
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    private static final int MAX_GSO_SEGMENTS = 64;
    private static final int MAX_GSO_BYTES = 65000;

    private final int maxPackets;
    private final int maxPacketSize;
    private final MemorySegment data;
    private final ByteBuffer dataBuf;
    private final MemorySegment names;
    private final MemorySegment iovs;
    private final MemorySegment controls;
    private final MemorySegment msgs;
    private final int[] offsets;
    private final int[] lengths;
    private final EspSocket[] sockets;
    private final byte[][] destinations;
    private final EspSocket[] messageSockets;
    private final boolean gso;
    private int count;
    private int cursor;

    public SendBatch(Arena arena, int maxPackets, int maxPacketSize, boolean gso) {
        this.maxPackets = maxPackets;
        this.maxPacketSize = maxPacketSize;
        this.gso = gso;
        this.data = arena.allocate((long) maxPackets * maxPacketSize, 64);
        this.dataBuf = data.asByteBuffer();
        this.names = arena.allocate((long) maxPackets * SockAddr.MAX_LENGTH, 8);
        this.iovs = arena.allocate((long) maxPackets * IOVEC, 8);
        this.controls = arena.allocate((long) maxPackets * CMSG_SPACE, 8);
        this.msgs = arena.allocate((long) maxPackets * MMSGHDR, 8);
        this.offsets = new int[maxPackets];
        this.lengths = new int[maxPackets];
        this.sockets = new EspSocket[maxPackets];
        this.destinations = new byte[maxPackets][];
        this.messageSockets = new EspSocket[maxPackets];
        for (int m = 0; m < maxPackets; m++) {
            long c = (long) m * CMSG_SPACE;
            controls.set(ValueLayout.JAVA_LONG, c, 18); // CMSG_LEN(sizeof(uint16_t))
            controls.set(ValueLayout.JAVA_INT, c + 8, SOL_UDP);
            controls.set(ValueLayout.JAVA_INT, c + 12, UDP_SEGMENT);
        }
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public boolean isFull() {
        return count == maxPackets;
    }

    /** Where the next packet is to be written (at index 0, at most the packet size given at construction). */
    public ByteBuffer next() {
        return dataBuf.slice(cursor, maxPacketSize);
    }

    /** Takes the packet written at {@link #next()}: {@code length} bytes to {@code destination} through {@code socket}. */
    public void add(int length, EspSocket socket, byte[] destination) {
        offsets[count] = cursor;
        lengths[count] = length;
        sockets[count] = socket;
        destinations[count] = destination;
        count++;
        cursor += length;
    }

    /** Sends everything added since the last flush; returns how many messages the kernel refused. */
    public int flush(MemorySegment callState) {
        int messages = 0;
        int failed = 0;
        int i = 0;
        while (i < count) {
            int j = i + 1;
            int bytes = lengths[i];
            if (gso && sockets[i].kind() == EspSocket.Kind.UDP) {
                // Extend the run while the next packet goes the same way with the same size (the last may be shorter).
                while (j < count && j - i < MAX_GSO_SEGMENTS && sockets[j] == sockets[i]
                        && Arrays.equals(destinations[j], destinations[i]) && lengths[j - 1] == lengths[i]
                        && lengths[j] <= lengths[i] && bytes + lengths[j] <= MAX_GSO_BYTES) {
                    bytes += lengths[j++];
                }
            }
            long m = (long) messages * MMSGHDR;
            MemorySegment name = names.asSlice((long) messages * SockAddr.MAX_LENGTH, SockAddr.MAX_LENGTH);
            MemorySegment.copy(destinations[i], 0, name, ValueLayout.JAVA_BYTE, 0, destinations[i].length);
            MemorySegment iov = iovs.asSlice((long) messages * IOVEC, IOVEC);
            iov.set(ValueLayout.ADDRESS, 0, data.asSlice(offsets[i]));
            iov.set(ValueLayout.JAVA_LONG, 8, bytes);
            msgs.set(ValueLayout.ADDRESS, m, name);
            msgs.set(ValueLayout.JAVA_INT, m + 8, destinations[i].length);
            msgs.set(ValueLayout.ADDRESS, m + 16, iov);
            msgs.set(ValueLayout.JAVA_LONG, m + 24, 1);
            if (j - i > 1) {
                MemorySegment control = controls.asSlice((long) messages * CMSG_SPACE, CMSG_SPACE);
                control.set(ValueLayout.JAVA_SHORT, 16, (short) lengths[i]);
                msgs.set(ValueLayout.ADDRESS, m + 32, control);
                msgs.set(ValueLayout.JAVA_LONG, m + 40, CMSG_SPACE);
            } else {
                msgs.set(ValueLayout.ADDRESS, m + 32, MemorySegment.NULL);
                msgs.set(ValueLayout.JAVA_LONG, m + 40, 0);
            }
            msgs.set(ValueLayout.JAVA_INT, m + 48, 0);
            messageSockets[messages++] = sockets[i];
            i = j;
        }
        int start = 0;
        while (start < messages) {
            int end = start + 1;
            while (end < messages && messageSockets[end] == messageSockets[start]) end++;
            if (!messageSockets[start].isClosed()) {
                failed += messageSockets[start].sendMessages(callState, msgs.asSlice((long) start * MMSGHDR), end - start);
            }
            start = end;
        }
        Arrays.fill(sockets, 0, count, null);
        Arrays.fill(destinations, 0, count, null);
        Arrays.fill(messageSockets, 0, messages, null);
        count = 0;
        cursor = 0;
        return failed;
    }
}
