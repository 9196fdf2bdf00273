package net.vpnaas.ike.auth;

/** A PEM text (CA bundle, certificate, private key) from the configuration cannot be used. */
public final class PemFormatException extends Exception {
    PemFormatException(String message) {
        super(message);
    }

    PemFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
