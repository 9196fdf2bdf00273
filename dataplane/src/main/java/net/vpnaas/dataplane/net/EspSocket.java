package net.vpnaas.dataplane.net;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import net.vpnaas.dataplane.sys.Libc;
import net.vpnaas.dataplane.sys.NativeException;

/**
 * A socket carrying ESP: UDP port 4500 (RFC 3948, shared with IKE) or raw IP protocol 50.
 * Blocking reads by one receiver thread, sends from any thread through {@code sendmmsg}.
 */
public final class EspSocket implements AutoCloseable {

    public enum Kind { UDP, RAW }

    private final Kind kind;
    private final int family;
    private final int fd;
    private final InetSocketAddress local;
    private volatile boolean closed;

    private EspSocket(Kind kind, int family, int fd, InetSocketAddress local) {
        this.kind = kind;
        this.family = family;
        this.fd = fd;
        this.local = local;
    }

    /** A UDP socket bound to {@code local} (normally port 4500) for ESP-in-UDP and IKE. */
    public static EspSocket udp(InetSocketAddress local) {
        return open(Kind.UDP, local, Libc.SOCK_DGRAM, 0);
    }

    /** A raw socket receiving and sending IP protocol 50 on {@code local}'s address family. */
    public static EspSocket raw(InetSocketAddress local) {
        return open(Kind.RAW, local, Libc.SOCK_RAW, Libc.IPPROTO_ESP);
    }

    private static EspSocket open(Kind kind, InetSocketAddress local, int type, int protocol) {
        int family = SockAddr.family(local.getAddress());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment cs = Libc.newCallState(arena);
            int fd = Libc.socket(cs, family, type, protocol);
            if (fd < 0) throw new NativeException("socket(" + kind + ")", Libc.errno(cs));
            try {
                Libc.setIntOption(cs, fd, Libc.SOL_SOCKET, Libc.SO_REUSEADDR, 1);
                // Bursts of thousands of packets arrive between two reads; the default 200 KiB drops them.
                Libc.setIntOption(cs, fd, Libc.SOL_SOCKET, Libc.SO_RCVBUFFORCE, 8 << 20);
                Libc.setIntOption(cs, fd, Libc.SOL_SOCKET, Libc.SO_SNDBUFFORCE, 8 << 20);
                // Wakes the receiver now and then so that close() ends it (close does not interrupt recvmmsg).
                MemorySegment timeout = arena.allocate(16);
                timeout.set(ValueLayout.JAVA_LONG, 8, 200_000);
                if (Libc.setsockopt(cs, fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, timeout, 16) != 0) {
                    throw new NativeException("setsockopt SO_RCVTIMEO", Libc.errno(cs));
                }
                if (family == Libc.AF_INET6) {
                    if (kind == Kind.UDP) Libc.setIntOption(cs, fd, Libc.IPPROTO_IPV6, Libc.IPV6_V6ONLY, 1);
                } else {
                    // The tunnel MTU is ours to manage; let the kernel fragment an oversized outer packet
                    // rather than fail the send.
                    Libc.setIntOption(cs, fd, Libc.IPPROTO_IP, Libc.IP_MTU_DISCOVER, Libc.IP_PMTUDISC_DONT);
                }
                if (kind == Kind.UDP) enableGro(cs, fd);
                MemorySegment addr = arena.allocate(SockAddr.MAX_LENGTH);
                int length = SockAddr.write(kind == Kind.RAW ? new InetSocketAddress(local.getAddress(), 0) : local, addr, 0);
                if (Libc.bind(cs, fd, addr, length) != 0) throw new NativeException("bind " + local, Libc.errno(cs));
            } catch (RuntimeException e) {
                Libc.close(cs, fd);
                throw e;
            }
            return new EspSocket(kind, family, fd, local);
        }
    }

    /**
     * Asks for UDP receive offload: a burst of equal-size datagrams of one flow (a peer's UDP GSO
     * send, or NIC/veth GRO) arrives as one datagram, which the receiver splits at the segment size
     * the kernel reports ({@link PacketBatch#segmentSize}). Without it the kernel segments such a
     * burst into one buffer per datagram before queueing, and one recvmmsg entry per datagram.
     * Kernels without UDP_GRO (before 5.0) refuse the option; datagrams then arrive one by one.
     */
    private static void enableGro(MemorySegment cs, int fd) {
        try {
            Libc.setIntOption(cs, fd, Libc.SOL_UDP, Libc.UDP_GRO, 1);
        } catch (NativeException e) {
            // no receive offload on this kernel: nothing else changes
        }
    }

    public Kind kind() {
        return kind;
    }

    public int family() {
        return family;
    }

    public InetSocketAddress local() {
        return local;
    }

    /** Blocks until at least one datagram arrives; returns how many entries of {@code batch} were filled. */
    public int receive(MemorySegment callState, PacketBatch batch) {
        batch.prepareReceive();
        int n = Libc.recvmmsg(callState, fd, batch.messages(0), batch.capacity(), Libc.MSG_WAITFORONE);
        return Math.max(n, 0);
    }

    /** Sends {@code count} prepared {@code struct mmsghdr} entries starting at {@code msgs}; returns how many the kernel refused. */
    public int sendMessages(MemorySegment callState, MemorySegment msgs, int count) {
        int sent = 0;
        int failed = 0;
        while (sent < count) {
            int n = Libc.sendmmsg(callState, fd, msgs.asSlice(sent * 64L), count - sent, 0);
            if (n <= 0) {
                if (Libc.errno(callState) == Libc.EINTR) continue;
                sent++; // skip the entry the kernel refused (e.g. no route) so one bad packet cannot stall the batch
                failed++;
                continue;
            }
            sent += n;
        }
        return failed;
    }

    /** Sends one datagram (IKE messages, ICMP-free control traffic); false if the kernel refused it. */
    public boolean sendOne(MemorySegment callState, MemorySegment data, int length, MemorySegment name, int nameLength) {
        return Libc.sendto(callState, fd, data, length, 0, name, nameLength) == length;
    }

    /** Sends {@code payload} as one datagram to {@code remote}, off the packet path (IKE, keepalives); false if refused. */
    public boolean sendDatagram(InetSocketAddress remote, byte[] payload) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment data = arena.allocate(Math.max(payload.length, 1));
            MemorySegment.copy(payload, 0, data, ValueLayout.JAVA_BYTE, 0, payload.length);
            MemorySegment name = arena.allocate(SockAddr.MAX_LENGTH);
            int nameLength = SockAddr.write(remote, name, 0);
            return sendOne(Libc.newCallState(arena), data, payload.length, name, nameLength);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(Libc.newCallState(arena), fd);
        }
    }
}
