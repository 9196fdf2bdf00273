package net.vpnaas.ike.task;

import java.util.Arrays;
import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.SignedOctets;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.sa.IkeSa;
import net.vpnaas.ike.sa.IkeSaKeys;

/**
 * The octets an AUTH payload covers (RFC 7296 2.15, with the IntAuth of RFC 9242 3.3.2 appended after
 * IKE_INTERMEDIATE exchanges), taken from an IKE SA: shared by PSK and signature auth.
 */
final class SignedOctetsOf {

    private SignedOctetsOf() {}

    /**
     * What the side that sent {@code id} authenticates ({@code ofInitiator} tells which side that is).
     *
     * @param ikeAuthMessageId the message ID of the (first) IKE_AUTH request, which IntAuth covers
     */
    static byte[] side(IkeSa sa, boolean ofInitiator, IdentificationPayload id, long ikeAuthMessageId) {
        return side(sa, sa.keys(), ofInitiator, id, ikeAuthMessageId);
    }

    /** As above with the SK_p keys of {@code keys}: those with or without a PPK mixed in (RFC 8784). */
    static byte[] side(IkeSa sa, IkeSaKeys keys, boolean ofInitiator, IdentificationPayload id, long ikeAuthMessageId) {
        byte[] restOfId = new byte[4 + id.data().length()];
        restOfId[0] = (byte) id.idTypeCode(); // then three reserved zero octets, then the data
        id.data().copyTo(restOfId, 4);
        Prf prf = prf(sa);
        byte[] octets = ofInitiator
                ? SignedOctets.initiator(sa.initiatorInitMessage(), sa.nr(), prf, keys.skPi(), restOfId)
                : SignedOctets.responder(sa.responderInitMessage(), sa.ni(), prf, keys.skPr(), restOfId);
        byte[] intAuth = sa.intermediateAuth().intAuth(ikeAuthMessageId);
        byte[] out = Arrays.copyOf(octets, octets.length + intAuth.length);
        System.arraycopy(intAuth, 0, out, octets.length, intAuth.length);
        return out;
    }

    static Prf prf(IkeSa sa) {
        return (key, data) -> sa.algorithms().prf().prf(key, data);
    }
}
