package net.vpnaas.ike.sa;

import java.nio.ByteBuffer;

/**
 * The IntAuth chains of RFC 9242 section 3.3.1 over the IKE_INTERMEDIATE messages of an IKE SA's
 * setup, one per direction, each link keyed with the SK_p key that was current for that message:
 * <pre>
 * IntAuth_i1 = prf(SK_pi1, IntAuth_i1_A | IntAuth_i1_P)      IntAuth_in = prf(SK_pin, IntAuth_i(n-1) | IntAuth_in_A | IntAuth_in_P)
 * IntAuth    = IntAuth_iN | IntAuth_rN | IKE_AUTH_MID
 * </pre>
 * Both AUTH payloads cover {@link #intAuth}: each side sees every message of both chains.
 */
public final class IntermediateAuth {
    private byte[] initiatorChain = new byte[0];
    private byte[] responderChain = new byte[0];
    private int messages;

    /**
     * Adds one IKE_INTERMEDIATE message.
     *
     * @param sentByInitiator           sent by the original initiator (the I flag): its chain and SK_pi
     * @param keys                      the IKE SA's keys that protected the message
     * @param authenticatedOctets       IntAuth_A | IntAuth_P of the message (see {@code IkeMessage.intermediateAuthenticatedOctets})
     */
    public void add(boolean sentByInitiator, IkeSaKeys keys, byte[] authenticatedOctets) {
        var prf = keys.algorithms().prf();
        if (sentByInitiator) initiatorChain = prf.prf(keys.skPi(), initiatorChain, authenticatedOctets);
        else responderChain = prf.prf(keys.skPr(), responderChain, authenticatedOctets);
        messages++;
    }

    /**
     * IntAuth_iN | IntAuth_rN | IKE_AUTH_MID, appended to both sides' signed octets; empty when there
     * was no IKE_INTERMEDIATE exchange (AUTH is then computed as in RFC 7296).
     *
     * @param ikeAuthMessageId the message ID of the first IKE_AUTH request
     */
    public byte[] intAuth(long ikeAuthMessageId) {
        if (messages == 0) return new byte[0];
        return ByteBuffer.allocate(initiatorChain.length + responderChain.length + 4)
                .put(initiatorChain).put(responderChain).putInt((int) ikeAuthMessageId).array();
    }
}
