package net.vpnaas.agent.cluster;

/** Bytes on the sync channel that are not a message of ours: the connection is closed. */
public final class SyncDecodeException extends Exception {
    public SyncDecodeException(String message) {
        super(message);
    }
}
