package net.vpnaas.ike.task;

import net.vpnaas.ike.auth.Prf;
import net.vpnaas.ike.auth.SignedOctets;
import net.vpnaas.ike.message.IdentificationPayload;
import net.vpnaas.ike.sa.IkeSa;

/** The octets an AUTH payload covers (RFC 7296 2.15), taken from an IKE SA: shared by PSK and signature auth. */
final class SignedOctetsOf {

    private SignedOctetsOf() {}

    /** What the side that sent {@code id} authenticates ({@code ofInitiator} tells which side that is). */
    static byte[] side(IkeSa sa, boolean ofInitiator, IdentificationPayload id) {
        byte[] restOfId = new byte[4 + id.data().length()];
        restOfId[0] = (byte) id.idTypeCode(); // then three reserved zero octets, then the data
        id.data().copyTo(restOfId, 4);
        Prf prf = prf(sa);
        return ofInitiator
                ? SignedOctets.initiator(sa.initiatorInitMessage(), sa.nr(), prf, sa.keys().skPi(), restOfId)
                : SignedOctets.responder(sa.responderInitMessage(), sa.ni(), prf, sa.keys().skPr(), restOfId);
    }

    static Prf prf(IkeSa sa) {
        return (key, data) -> sa.algorithms().prf().prf(key, data);
    }
}
