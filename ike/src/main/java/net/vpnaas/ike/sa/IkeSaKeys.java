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

    private IkeSaKeys(IkeAlgorithms algorithms, byte[] skD, byte[] skAi, byte[] skAr, byte[] skEi, byte[] skEr,
                      byte[] skPi, byte[] skPr) {
        this.algorithms = algorithms;
        this.skD = skD;
        this.skAi = skAi;
        this.skAr = skAr;
        this.skEi = skEi;
        this.skEr = skEr;
        this.skPi = skPi;
        this.skPr = skPr;
    }

    private static IkeSaKeys split(IkeAlgorithms algorithms, byte[] material) {
        int prf = algorithms.prf().outputLength();
        int integ = algorithms.integrityKeyLength();
        int enc = algorithms.encryptionKeyMaterialLength();
        int o = 0;
        return new IkeSaKeys(algorithms, Arrays.copyOfRange(material, o, o += prf),
                Arrays.copyOfRange(material, o, o += integ), Arrays.copyOfRange(material, o, o += integ),
                Arrays.copyOfRange(material, o, o += enc), Arrays.copyOfRange(material, o, o += enc),
                Arrays.copyOfRange(material, o, o += prf), Arrays.copyOfRange(material, o, o += prf));
    }

    /**
     * The seven keys as another engine derived them (a cluster member's exported IKE SA), each as long as
     * {@code algorithms} make it.
     */
    public static IkeSaKeys of(IkeAlgorithms algorithms, byte[] skD, byte[] skAi, byte[] skAr, byte[] skEi, byte[] skEr,
                               byte[] skPi, byte[] skPr) {
        int prf = algorithms.prf().outputLength();
        int integ = algorithms.integrityKeyLength();
        int enc = algorithms.encryptionKeyMaterialLength();
        if (skD.length != prf || skPi.length != prf || skPr.length != prf || skAi.length != integ || skAr.length != integ
                || skEi.length != enc || skEr.length != enc) {
            throw new IllegalArgumentException("IKE SA keys of the wrong length for " + algorithms);
        }
        return new IkeSaKeys(algorithms, skD.clone(), skAi.clone(), skAr.clone(), skEi.clone(), skEr.clone(), skPi.clone(), skPr.clone());
    }

    /** prf+(SKEYSEED, Ni | Nr | SPIi | SPIr) split into the seven keys. */
    public static IkeSaKeys derive(IkeAlgorithms algorithms, byte[] skeyseed, byte[] ni, byte[] nr, long spiI, long spiR) {
        int prf = algorithms.prf().outputLength();
        int length = 3 * prf + 2 * algorithms.integrityKeyLength() + 2 * algorithms.encryptionKeyMaterialLength();
        byte[] material = Ikev2Kdf.ikeKeyMaterial(algorithms.prf(), skeyseed, ni, nr, spiBytes(spiI), spiBytes(spiR), length);
        return split(algorithms, material);
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

    /**
     * The keys with a post-quantum preshared key mixed in (RFC 8784 section 3), for IKE_AUTH of a new IKE
     * SA, after every additional key exchange: SK_d = prf+(PPK, SK_d'), SK_pi = prf+(PPK, SK_pi'),
     * SK_pr = prf+(PPK, SK_pr'), each as long as before; SK_a and SK_e stay, so the messages of the
     * IKE SA are protected as before either way.
     */
    public IkeSaKeys withPpk(byte[] ppk) {
        var prf = algorithms.prf();
        int n = prf.outputLength();
        return new IkeSaKeys(algorithms, prf.prfPlus(ppk, skD, n), skAi, skAr, skEi, skEr,
                prf.prfPlus(ppk, skPi, n), prf.prfPlus(ppk, skPr, n));
    }

    /**
     * The keys with a PPK mixed in during IKE_INTERMEDIATE (RFC 9867), after every additional key
     * exchange: SKEYSEED' = prf+(PPK, SK_d) as long as the PRF's key, then all seven keys anew as in
     * {@link #derive} with the nonces and SPIs of IKE_SA_INIT. Unlike {@link #withPpk}, SK_e and SK_a
     * change too: IKE_AUTH and everything after it is protected by the PPK.
     */
    public IkeSaKeys withIntermediatePpk(byte[] ppk, byte[] ni, byte[] nr, long spiI, long spiR) {
        byte[] skeyseed = algorithms.prf().prfPlus(ppk, skD, algorithms.prf().outputLength());
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
