package net.vpnaas.ike.sa;

import java.util.Arrays;
import net.vpnaas.ike.crypto.Ikev2Kdf;
import net.vpnaas.ike.crypto.SkCipher;

/**
 * The seven keys of an IKE SA (RFC 7296 2.14), named by the direction they protect: "i" keys protect
 * messages sent by the original initiator, "r" keys those sent by the original responder.
 */
public final class IkeSaKeys {
    private final IkeAlgorithms algorithms;
    private final byte[] skD;
    private final byte[] skAi;
    private final byte[] skAr;
    private final byte[] skEi;
    private final byte[] skEr;
    private final byte[] skPi;
    private final byte[] skPr;

    private IkeSaKeys(IkeAlgorithms algorithms, byte[] material) {
        this.algorithms = algorithms;
        int prf = algorithms.prf().outputLength();
        int integ = algorithms.integrityKeyLength();
        int enc = algorithms.encryptionKeyMaterialLength();
        int o = 0;
        skD = Arrays.copyOfRange(material, o, o += prf);
        skAi = Arrays.copyOfRange(material, o, o += integ);
        skAr = Arrays.copyOfRange(material, o, o += integ);
        skEi = Arrays.copyOfRange(material, o, o += enc);
        skEr = Arrays.copyOfRange(material, o, o += enc);
        skPi = Arrays.copyOfRange(material, o, o += prf);
        skPr = Arrays.copyOfRange(material, o, o += prf);
    }

    /** prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) split into the seven keys. */
    public static IkeSaKeys derive(IkeAlgorithms algorithms, byte[] skeyseed, byte[] ni, byte[] nr, long spiI, long spiR) {
        int prf = algorithms.prf().outputLength();
        int length = 3 * prf + 2 * algorithms.integrityKeyLength() + 2 * algorithms.encryptionKeyMaterialLength();
        byte[] material = Ikev2Kdf.ikeKeyMaterial(algorithms.prf(), skeyseed, ni, nr, spiBytes(spiI), spiBytes(spiR), length);
        return new IkeSaKeys(algorithms, material);
    }

    /**
     * The keys after an additional key exchange (RFC 9370 section 2.2.2), same SPIs, same nonces:
     * SKEYSEED(n) = prf(SK_d(n-1), SK(n) | Ni | Nr), then prf+ as in {@link #derive}. The formula is
     * the one of an IKE SA rekey (RFC 7296 2.18) with the nonces of IKE_SA_INIT.
     */
    public IkeSaKeys afterAdditionalKeyExchange(byte[] sharedSecret, byte[] ni, byte[] nr, long spiI, long spiR) {
        byte[] skeyseed = Ikev2Kdf.rekeySkeyseed(algorithms.prf(), skD, sharedSecret, ni, nr);
        return derive(algorithms, skeyseed, ni, nr, spiI, spiR);
    }

    public static byte[] spiBytes(long spi) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) b[i] = (byte) (spi >>> (56 - 8 * i));
        return b;
    }

    public IkeAlgorithms algorithms() {
        return algorithms;
    }

    public byte[] skD() {
        return skD.clone();
    }

    public byte[] skPi() {
        return skPi.clone();
    }

    public byte[] skPr() {
        return skPr.clone();
    }

    public byte[] skEi() {
        return skEi.clone();
    }

    public byte[] skEr() {
        return skEr.clone();
    }

    public byte[] skAi() {
        return skAi.clone();
    }

    public byte[] skAr() {
        return skAr.clone();
    }

    /** Protection of messages sent by the original initiator (SK_ei, SK_ai). */
    public SkCipher initiatorCipher() {
        return SkCipher.create(algorithms.cipher().algorithm(), skEi, algorithms.integrity(), skAi);
    }

    /** Protection of messages sent by the original responder (SK_er, SK_ar). */
    public SkCipher responderCipher() {
        return SkCipher.create(algorithms.cipher().algorithm(), skEr, algorithms.integrity(), skAr);
    }

    @Override
    public String toString() {
        return "IkeSaKeys[" + algorithms + "]"; // never print keys
    }
}
