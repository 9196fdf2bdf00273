package net.vpnaas.ike.sync;

/**
 * Receives the state of every established IKE SA after each change (set up, an exchange done, rekeyed
 * into a new one) and the end of each, on that IKE SA's thread: what a cluster's active member sends its
 * standbys. A slow listener slows that IKE SA, as the cluster wants (a standby must not lag a whole exchange).
 */
public interface SaStateListener {

    void changed(IkeSaState state);

    /** The IKE SA of these SPIs is gone (deleted, rekeyed away, or dead): a standby drops it. */
    void removed(String connection, long initiatorSpi, long responderSpi);
}
