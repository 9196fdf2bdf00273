package net.vpnaas.ike.sync;

/**
 * Receives the state of every established IKE SA after each change (set up, an exchange done, rekeyed
 * into a new one) and the end of each, on that IKE SA's thread: what a cluster's active member sends its
 * standbys. A slow listener slows that IKE SA, as the cluster wants (a standby must not lag a whole exchange).
 *
 * <p>It is also the engine's send hold: while a listener is set, the datagrams an IKE SA sends in one step
 * (the response to a request, a request, a retransmission) leave only after {@link #changed} returned for
 * the state that step led to. A cluster returns once its standbys acknowledged that state, or once it gave
 * up waiting for them (a timeout it chooses); the engine does not wait on its own. A listener whose member
 * was fenced throws {@link SendsFenced}, and what was held is dropped. One gap remains: the
 * first state of an IKE SA that a CREATE_CHILD_SA rekeyed in is reported just after the response leaves.
 */
public interface SaStateListener {

    void changed(IkeSaState state);

    /** The IKE SA of these SPIs is gone (deleted, rekeyed away, or dead): a standby drops it. */
    void removed(String connection, long initiatorSpi, long responderSpi);
}
