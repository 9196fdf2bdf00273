package net.vpnaas.api.agent.ca;

/** A certificate signing request we refuse: malformed, or not signed by the key it carries. */
public final class InvalidCsrException extends Exception {
    public InvalidCsrException(String message) {
        super(message);
    }
}
