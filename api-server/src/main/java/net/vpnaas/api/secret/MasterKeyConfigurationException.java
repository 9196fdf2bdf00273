package net.vpnaas.api.secret;

/** The master key settings are missing or wrong; the message names the property (never a key). */
public class MasterKeyConfigurationException extends RuntimeException {
    public MasterKeyConfigurationException(String message) {
        super(message);
    }
}
