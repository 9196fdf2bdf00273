package net.vpnaas.ike.crypto;

/** A received message failed its ICV or AEAD tag check: it was altered or keyed differently. */
public final class IntegrityCheckException extends Exception {
    public IntegrityCheckException(String message) {
        super(message);
    }
}
