package net.vpnaas.ike.sync;

/**
 * Thrown by a {@link SaStateListener} whose cluster member lost its right to send (another member holds a
 * higher fencing epoch): the datagrams held for that state are dropped, never sent.
 */
public final class SendsFenced extends RuntimeException {
    public SendsFenced(String message) {
        super(message, null, false, false);
    }
}
