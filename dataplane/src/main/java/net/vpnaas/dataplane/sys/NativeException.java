package net.vpnaas.dataplane.sys;

/** A system call failed during setup (opening a device, binding a socket); carries errno. */
public final class NativeException extends RuntimeException {
    private final int errno;

    public NativeException(String call, int errno) {
        super(call + " failed: errno " + errno);
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
