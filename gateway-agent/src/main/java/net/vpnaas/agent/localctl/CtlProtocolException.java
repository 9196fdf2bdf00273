package net.vpnaas.agent.localctl;

/** A request or response that does not follow {@link CtlProtocol}; the message says what is wrong with it. */
public final class CtlProtocolException extends Exception {
    public CtlProtocolException(String message) {
        super(message);
    }
}
