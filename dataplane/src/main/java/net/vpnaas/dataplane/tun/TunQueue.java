package net.vpnaas.dataplane.tun;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import net.vpnaas.dataplane.sys.Libc;

/**
 * One queue (file descriptor) of a TUN device: each read returns one IP packet, each write
 * injects one. Non-blocking; {@link #read} returns 0 when no packet is waiting. A queue is used by
 * one reader thread, but writes may come from any thread (each passes its own call state).
 */
public final class TunQueue {
    private final int fd;
    private volatile boolean closed;

    TunQueue(int fd) {
        this.fd = fd;
    }

    public int fd() {
        return fd;
    }

    /** Reads one packet into {@code buf}; its length, 0 when none is waiting, -1 on error/closed. */
    public int read(MemorySegment callState, MemorySegment buf) {
        long n = Libc.read(callState, fd, buf, buf.byteSize());
        if (n >= 0) return (int) n;
        int errno = Libc.errno(callState);
        return errno == Libc.EAGAIN || errno == Libc.EINTR ? 0 : -1;
    }

    /** Writes one packet; false if the kernel refused it (the packet is then dropped). */
    public boolean write(MemorySegment callState, MemorySegment packet, int length) {
        return Libc.write(callState, fd, packet, length) == length;
    }

    /** Waits up to {@code timeoutMillis} for a packet to read. */
    public void awaitReadable(MemorySegment callState, MemorySegment pollFd, int timeoutMillis) {
        pollFd.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, fd);
        pollFd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 4, Libc.POLLIN);
        pollFd.set(java.lang.foreign.ValueLayout.JAVA_SHORT, 6, (short) 0);
        Libc.poll(callState, pollFd, 1, timeoutMillis);
    }

    public boolean isClosed() {
        return closed;
    }

    void close() {
        if (closed) return;
        closed = true;
        try (Arena arena = Arena.ofConfined()) {
            Libc.close(Libc.newCallState(arena), fd);
        }
    }
}
