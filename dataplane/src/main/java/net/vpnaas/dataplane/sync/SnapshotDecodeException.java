package net.vpnaas.dataplane.sync;

/** Counter snapshot bytes that cannot be imported: truncated, of another version, or inconsistent. Nothing of them is used. */
public final class SnapshotDecodeException extends Exception {
    public SnapshotDecodeException(String message) {
        super(message);
    }
}
