package net.vpnaas.ike.qkd;

/** The key management entity gave no key: unreachable, refused us, ran dry, or does not know the ID. */
public final class QkdKeyUnavailableException extends Exception {
    public QkdKeyUnavailableException(String message) {
        super(message);
    }

    public QkdKeyUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
