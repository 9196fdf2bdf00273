package net.vpnaas.ike.crypto;

import java.math.BigInteger;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/** NIST prime curves in the RFC 5903 encoding: x | y, each the field size, no point-format byte. */
final class EcpKeyExchange implements KeyExchange {

    private final KeyExchangeMethod method;
    private final X9ECParameters curve;
    private final int fieldBytes;
    private final BigInteger privateKey;
    private final byte[] publicValue;

    EcpKeyExchange(KeyExchangeMethod method, X9ECParameters curve, RandomSource random) {
        this.method = method;
        this.curve = curve;
        this.fieldBytes = method.publicValueLength() / 2;
        this.privateKey = drawScalar(curve.getN(), random);
        ECPoint q = new FixedPointCombMultiplier().multiply(curve.getG(), privateKey).normalize();
        this.publicValue = encode(q);
    }

    /**
     * On another generator of the curve's group, e.g. PACE's mapped one ({@link PaceGenericMapping}): used
     * once, so no precomputed table (the fixed-point comb pays only for the standard generator).
     */
    EcpKeyExchange(KeyExchangeMethod method, X9ECParameters curve, ECPoint generator, RandomSource random) {
        this.method = method;
        this.curve = curve;
        this.fieldBytes = method.publicValueLength() / 2;
        this.privateKey = drawScalar(curve.getN(), random);
        this.publicValue = encode(generator.multiply(privateKey).normalize());
    }

    /** Rejection sampling in [1, n-1]: draw field-size bytes, drop bits above n's length, retry if out of range. */
    private BigInteger drawScalar(BigInteger n, RandomSource random) {
        int excessBits = fieldBytes * 8 - n.bitLength();
        while (true) {
            byte[] b = random.bytes(fieldBytes);
            b[0] &= (byte) (0xFF >>> excessBits);
            BigInteger k = new BigInteger(1, b);
            if (k.signum() > 0 && k.compareTo(n) < 0) return k;
        }
    }

    private byte[] encode(ECPoint p) {
        byte[] out = new byte[2 * fieldBytes];
        byte[] x = p.getAffineXCoord().getEncoded();
        byte[] y = p.getAffineYCoord().getEncoded();
        System.arraycopy(x, 0, out, fieldBytes - x.length, x.length);
        System.arraycopy(y, 0, out, 2 * fieldBytes - y.length, y.length);
        return out;
    }

    @Override
    public KeyExchangeMethod method() {
        return method;
    }

    @Override
    public byte[] publicValue() {
        return publicValue.clone();
    }

    @Override
    public byte[] sharedSecret(byte[] peer) throws InvalidPublicValueException {
        if (peer.length != 2 * fieldBytes) {
            throw new InvalidPublicValueException(method + " public value must be " + 2 * fieldBytes + " bytes, got " + peer.length);
        }
        ECCurve c = curve.getCurve();
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(peer, 0, fieldBytes));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(peer, fieldBytes, peer.length));
        ECPoint p;
        try {
            // RFC 7296 / SP 800-56A partial validation: coordinates in the field, point on the curve.
            p = c.validatePoint(x, y);
        } catch (IllegalArgumentException e) {
            throw new InvalidPublicValueException(method + " public value is not on the curve");
        }
        ECPoint shared = p.multiply(privateKey).normalize();
        if (shared.isInfinity()) throw new InvalidPublicValueException(method + " shared point is the identity");
        // RFC 5903 section 7: the shared secret is the x coordinate only.
        byte[] out = new byte[fieldBytes];
        byte[] sx = shared.getAffineXCoord().getEncoded();
        System.arraycopy(sx, 0, out, fieldBytes - sx.length, sx.length);
        return out;
    }
}
