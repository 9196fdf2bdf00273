package net.vpnaas.ike.crypto;

/** The peer's Key Exchange Data has the wrong length or is not a valid element of the group. */
public final class InvalidPublicValueException extends Exception {
    public InvalidPublicValueException(String message) {
        super(message);
    }
}
