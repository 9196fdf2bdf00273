package net.vpnaas.ike.sync;

/** Exported SA state that cannot be imported: truncated, of another version, or inconsistent. Nothing of it is used. */
public final class StateDecodeException extends Exception {
    public StateDecodeException(String message) {
        super(message);
    }
}
