package net.vpnaas.dataplane.sys;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The few Linux libc calls the data path needs, bound through the FFM API (no JNI). Every call
 * returns the raw result; on -1 the caller reads {@link #errno} from the call-state segment it
 * passed, so errors are reported without exceptions on the packet path.
 */
public final class Libc {
    public static final int EAGAIN = 11;
    public static final int EINTR = 4;

    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_RAW = 3;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_RCVBUFFORCE = 33;
    public static final int SO_RCVTIMEO = 20;
    public static final int SO_SNDBUFFORCE = 32;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IPPROTO_ESP = 50;
    public static final int SOL_UDP = 17;
    public static final int UDP_GRO = 104;
    public static final int IP_MTU_DISCOVER = 10;
    public static final int IPV6_V6ONLY = 26;
    public static final int IP_PMTUDISC_DONT = 0;
    public static final int MSG_WAITFORONE = 0x10000;
    public static final int MSG_TRUNC = 0x20;
    public static final short POLLIN = 1;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(
            java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = bind("open", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = bind("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE = bind("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle IOCTL = bind("ioctl", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS));
    private static final MethodHandle SOCKET = bind("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = bind("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = bind("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDTO = bind("sendto",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SENDMMSG = bind("sendmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle RECVMMSG = bind("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle POLL = bind("poll", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT));

    private Libc() {}

    private static MethodHandle bind(String name, FunctionDescriptor descriptor) {
        MemorySegment symbol = LIBC.find(name).orElseThrow(() -> new IllegalStateException("libc lacks " + name));
        return LINKER.downcallHandle(symbol, descriptor, CAPTURE);
    }

    /** A per-thread segment that receives errno of the calls made with it. */
    public static MemorySegment newCallState(Arena arena) {
        return arena.allocate(CALL_STATE);
    }

    public static int errno(MemorySegment callState) {
        return (int) ERRNO.get(callState, 0L);
    }

    public static int open(MemorySegment cs, MemorySegment path, int flags) {
        try {
            return (int) OPEN.invokeExact(cs, path, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int close(MemorySegment cs, int fd) {
        try {
            return (int) CLOSE.invokeExact(cs, fd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long read(MemorySegment cs, int fd, MemorySegment buf, long count) {
        try {
            return (long) READ.invokeExact(cs, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long write(MemorySegment cs, int fd, MemorySegment buf, long count) {
        try {
            return (long) WRITE.invokeExact(cs, fd, buf, count);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int ioctl(MemorySegment cs, int fd, long request, MemorySegment arg) {
        try {
            return (int) IOCTL.invokeExact(cs, fd, request, arg);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int socket(MemorySegment cs, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(cs, domain, type, protocol);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int bind(MemorySegment cs, int fd, MemorySegment addr, int length) {
        try {
            return (int) BIND.invokeExact(cs, fd, addr, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int setsockopt(MemorySegment cs, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(cs, fd, level, name, value, length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static long sendto(MemorySegment cs, int fd, MemorySegment buf, long length, int flags,
                              MemorySegment addr, int addrLength) {
        try {
            return (long) SENDTO.invokeExact(cs, fd, buf, length, flags, addr, addrLength);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int sendmmsg(MemorySegment cs, int fd, MemorySegment msgs, int count, int flags) {
        try {
            return (int) SENDMMSG.invokeExact(cs, fd, msgs, count, flags);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int recvmmsg(MemorySegment cs, int fd, MemorySegment msgs, int count, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(cs, fd, msgs, count, flags, MemorySegment.NULL);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static int poll(MemorySegment cs, MemorySegment fds, long count, int timeoutMillis) {
        try {
            return (int) POLL.invokeExact(cs, fds, count, timeoutMillis);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** setsockopt with an int value; throws with the errno on failure (setup time only). */
    public static void setIntOption(MemorySegment cs, int fd, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocateFrom(JAVA_INT, value);
            if (setsockopt(cs, fd, level, name, v, 4) != 0) {
                throw new NativeException("setsockopt(" + level + ", " + name + ")", errno(cs));
            }
        }
    }

    private static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }

}
