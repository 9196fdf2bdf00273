package net.vpnaas.ike.crypto;

import java.math.BigInteger;
import java.util.Optional;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * PACE's generic mapping (RFC 6631) on the IKE SA's ECP group: the nonce s and the IKE_SA_INIT
 * Diffie-Hellman secret make a new generator, G~ = s*G + SASharedSecret, on which both sides run a
 * second, ephemeral Diffie-Hellman ({@link #keyExchange}). Only who knows the password knows s (it came
 * encrypted under a key from the password), and only the two ends know SASharedSecret: a guess of the
 * password gives a generator whose Diffie-Hellman result nobody can compute from the public values, so
 * a recorded exchange tests no guess (see the README's PAKE section).
 *
 * <p>RFC 5903 makes the ECP shared secret the x coordinate alone; as SASharedSecret, a group element, we
 * take the point with that x and an even y, which both ends reach from the secret they have (it is the
 * shared point or its negative, equally unknown to anyone else).
 */
public final class PaceGenericMapping {

    private PaceGenericMapping() {}

    /** The groups the mapping runs on: the NIST prime curves (RFC 5903), whose order is prime (no cofactor). */
    public static boolean supports(KeyExchangeMethod method) {
        return curve(method).isPresent();
    }

    /**
     * Our side of the ephemeral Diffie-Hellman on G~: its public value is PKEi or PKEr, its shared secret
     * (the x coordinate, as in IKE_SA_INIT) PACESharedSecret.
     *
     * @param nonce           s, read as an unsigned big-endian integer
     * @param ikeSharedSecret the IKE_SA_INIT g^ir of this {@code method}
     * @throws InvalidPublicValueException the secret is no x coordinate of the curve, or G~ is the identity
     */
    public static KeyExchange keyExchange(KeyExchangeMethod method, byte[] nonce, byte[] ikeSharedSecret, RandomSource random)
            throws InvalidPublicValueException {
        X9ECParameters curve = curve(method).orElseThrow(() -> new IllegalArgumentException("PACE's generic mapping needs an ECP group, not " + method));
        return new EcpKeyExchange(method, curve, generator(curve, nonce, ikeSharedSecret), random);
    }

    /** G~ = s*G + H, H the point with x = {@code ikeSharedSecret} and an even y. */
    static ECPoint generator(X9ECParameters curve, byte[] nonce, byte[] ikeSharedSecret) throws InvalidPublicValueException {
        byte[] compressed = new byte[1 + ikeSharedSecret.length];
        compressed[0] = 0x02;
        System.arraycopy(ikeSharedSecret, 0, compressed, 1, ikeSharedSecret.length);
        ECPoint h;
        try {
            h = curve.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException e) {
            throw new InvalidPublicValueException("the IKE_SA_INIT secret is no x coordinate of the curve");
        }
        BigInteger s = new BigInteger(1, nonce).mod(curve.getN());
        ECPoint mapped = new FixedPointCombMultiplier().multiply(curve.getG(), s).add(h).normalize();
        // s*G = -H has negligible chance, but then every "key" would be the identity: refuse (RFC 6631 asks for a new s).
        if (mapped.isInfinity()) throw new InvalidPublicValueException("the mapped generator is the identity");
        return mapped;
    }

    private static Optional<X9ECParameters> curve(KeyExchangeMethod method) {
        return Optional.ofNullable(switch (method) {
            // Bouncy Castle's custom curves: the same groups with faster field arithmetic.
            case ECP_256 -> CustomNamedCurves.getByName("P-256");
            case ECP_384 -> CustomNamedCurves.getByName("P-384");
            case ECP_521 -> CustomNamedCurves.getByName("P-521");
            default -> null;
        });
    }
}
