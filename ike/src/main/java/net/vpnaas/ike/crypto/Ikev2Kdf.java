package net.vpnaas.ike.crypto;

/**
 * The IKEv2 key schedule formulas of RFC 7296 (2.13, 2.14, 2.17, 2.18), HMAC PRFs only.
 * Splitting the output into named keys is the SA's business (see {@code sa.IkeSaKeys}).
 */
public final class Ikev2Kdf {

    private Ikev2Kdf() {}

    /** SKEYSEED = prf(Ni | Nr, g^ir). */
    public static byte[] skeyseed(PrfAlgorithm prf, byte[] ni, byte[] nr, byte[] gir) {
        return prf.prf(concat(ni, nr), gir);
    }

    /** {SK_d | SK_ai | SK_ar | SK_ei | SK_er | SK_pi | SK_pr} = prf+(SKEYSEED, Ni | Nr | SPIi | SPIr). */
    public static byte[] ikeKeyMaterial(PrfAlgorithm prf, byte[] skeyseed, byte[] ni, byte[] nr,
                                        byte[] spiI, byte[] spiR, int length) {
        return prf.prfPlus(skeyseed, concat(ni, nr, spiI, spiR), length);
    }

    /** Rekeyed IKE SA: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr). */
    public static byte[] rekeySkeyseed(PrfAlgorithm prf, byte[] oldSkD, byte[] girNew, byte[] ni, byte[] nr) {
        return rekeySkeyseed(prf, oldSkD, girNew, ni, nr, new byte[0]);
    }

    /**
     * Rekeyed IKE SA with additional key exchanges: SKEYSEED = prf(SK_d (old), g^ir (new) | Ni | Nr | SK(1) | ... | SK(n)), the shared
     * secrets of the additional key exchanges (RFC 9370 2.2.4) after the nonces, so that without them
     * ({@code additional} empty) it is RFC 7296's formula.
     */
    public static byte[] rekeySkeyseed(PrfAlgorithm prf, byte[] oldSkD, byte[] girNew, byte[] ni, byte[] nr, byte[] additional) {
        return prf.prf(oldSkD, girNew, ni, nr, additional);
    }

    /** KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr); {@code girNew} null without PFS. */
    public static byte[] childKeyMaterial(PrfAlgorithm prf, byte[] skD, byte[] girNew, byte[] ni, byte[] nr, int length) {
        return childKeyMaterial(prf, skD, girNew, ni, nr, new byte[0], length);
    }

    /**
     * KEYMAT = prf+(SK_d, [g^ir (new) |] Ni | Nr [| SK(1) | ... | SK(n)]); {@code girNew} null without PFS,
     * {@code additional} the concatenated secrets of the additional key exchanges (RFC 9370 2.2.4), empty without.
     */
    public static byte[] childKeyMaterial(PrfAlgorithm prf, byte[] skD, byte[] girNew, byte[] ni, byte[] nr, byte[] additional,
                                          int length) {
        byte[] seed = girNew == null ? concat(ni, nr, additional) : concat(girNew, ni, nr, additional);
        return prf.prfPlus(skD, seed, length);
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) n += p.length;
        byte[] out = new byte[n];
        int o = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
