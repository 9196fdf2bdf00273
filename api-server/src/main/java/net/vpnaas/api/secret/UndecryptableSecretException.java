package net.vpnaas.api.secret;

/** A stored secret that none of the configured master keys decrypts; the message says why. */
public class UndecryptableSecretException extends IllegalStateException {
    public UndecryptableSecretException(String message) {
        super(message);
    }
}
