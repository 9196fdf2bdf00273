package net.vpnaas.ike.sa;

import java.util.Arrays;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.PrfAlgorithm;
import net.vpnaas.ike.sasink.EspKeys;

/**
 * KEYMAT of a Child SA (RFC 7296 2.17) cut into the keys of each direction: "i" keys protect
 * traffic from the initiator of the exchange that created the SA to its responder.
 */
public final class ChildSaKeys {
    private final byte[] encryptionI;
    private final byte[] integrityI;
    private final byte[] encryptionR;
    private final byte[] integrityR;

    private ChildSaKeys(ChildAlgorithms algorithms, byte[] keymat) {
        int enc = algorithms.cipher().algorithm().keyMaterialLength(algorithms.cipher().keyBits());
        int integ = algorithms.integrity() == null ? 0 : algorithms.integrity().keyLength();
        int o = 0;
        encryptionI = Arrays.copyOfRange(keymat, o, o += enc);
        integrityI = Arrays.copyOfRange(keymat, o, o += integ);
        encryptionR = Arrays.copyOfRange(keymat, o, o += enc);
        integrityR = Arrays.copyOfRange(keymat, o, o += integ);
    }

    /**
     * KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr [| SK(1) | ... | SK(n)]) with the nonces of the exchange that
     * created the SA; {@code additional}: the secrets of its additional key exchanges (RFC 9370 2.2.4), empty without.
     */
    public static ChildSaKeys derive(PrfAlgorithm prf, byte[] skD, ChildAlgorithms algorithms, byte[] girNew,
                                     byte[] ni, byte[] nr, byte[] additional) {
        byte[] keymat = Ikev2Kdf.childKeyMaterial(prf, skD, girNew, ni, nr, additional, 2 * algorithms.keyMaterialPerDirection());
        return new ChildSaKeys(algorithms, keymat);
    }

    /** The keys of traffic sent by the exchange initiator, under the SPI its responder chose. */
    public EspKeys initiatorToResponder(long spiChosenByResponder) {
        return new EspKeys(spiChosenByResponder, encryptionI, integrityI);
    }

    /** The keys of traffic sent by the exchange responder, under the SPI its initiator chose. */
    public EspKeys responderToInitiator(long spiChosenByInitiator) {
        return new EspKeys(spiChosenByInitiator, encryptionR, integrityR);
    }

    @Override
    public String toString() {
        return "ChildSaKeys[hidden]";
    }
}
